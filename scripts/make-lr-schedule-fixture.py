#!/usr/bin/env python3
# Learning rates per epoch as torch 1.13's StepLR and CosineAnnealingLR set them (one
# scheduler.step() per epoch), for test/model/lr-schedule.test.ts.
# Usage: /usr/bin/python3 scripts/make-lr-schedule-fixture.py  (needs torch)
import json
import torch

CASES = [
    ("step:3:0.7", 0.1, lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.7)),
    ("step:1:0.1", 0.3, lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=1, gamma=0.1)),
    ("cosine:7", 0.05, lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=7)),
    ("cosine:1", 0.2, lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=1)),
    ("cosine:13", 1.7, lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=13)),
]
EPOCHS = 60
out = {"torch": torch.__version__, "epochs": EPOCHS, "cases": []}
for spec, lr0, make in CASES:
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=lr0)
    sched = make(opt)
    lrs = []
    for _ in range(EPOCHS):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    # repr() round-trips a float64 exactly, and JSON numbers parse back to the same double.
    out["cases"].append({"schedule": spec, "lr": lr0, "lrs": [float(repr(x)) for x in lrs]})
with open("test/fixtures/torch/lr-schedules.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
