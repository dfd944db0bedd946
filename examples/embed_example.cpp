// Placeholder replaced by the embedding example.
int main() { return 0; }
