"""Runs ../shared/anchors/torch_mf_epoch.py unchanged on one thread and reports, per epoch, both
wall seconds and CPU seconds (process time), by recording the script's own time.perf_counter()
calls (it calls it at the start and end of every epoch). Used by test/bench/train.bench.ts.
Usage: /usr/bin/python3 torch-epoch-times.py SCRIPT RATINGS_CSV EPOCHS   -> one JSON line."""
import json, runpy, sys, time

script, ratings_csv, epochs = sys.argv[1], sys.argv[2], sys.argv[3]
import torch

torch.set_num_threads(1)
wall, marks = time.perf_counter, []


def perf_counter():
    now = wall()
    if sys._getframe(1).f_code.co_filename == script:
        marks.append((now, time.process_time()))
    return now


time.perf_counter = perf_counter
sys.argv = [script, ratings_csv, epochs]
try:
    runpy.run_path(script, run_name="__main__")  # prints the anchor's own JSON line first
finally:
    time.perf_counter = wall
pairs = [(marks[k], marks[k + 1]) for k in range(0, len(marks) - 1, 2)]
print(json.dumps({"threads": torch.get_num_threads(),
                  "wall": [b[0] - a[0] for a, b in pairs], "cpu": [b[1] - a[1] for a, b in pairs]}))
