# Converts ort_outputs.json (from run_ort.js) into test_*/test_data_set_0/output_*.pb.
import json
import os

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
for t, outs in json.load(open(os.path.join(HERE, "ort_outputs.json"))).items():
    for k, o in enumerate(outs):
        a = np.array(o["data"], dtype=o["type"]).reshape(o["dims"])
        onnx.save_tensor(numpy_helper.from_array(a, o["name"]), f"{HERE}/test_{t}/test_data_set_0/output_{k}.pb")
