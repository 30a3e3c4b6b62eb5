"""A plain fp32 PyTorch training loop over googlenet-96 (the seed tutorial's network), for comparison.

Prints one JSON line: images/s at the given batch size on random data (no data loading).
"""
import json
import os
import sys
import time

import torch
from torch import nn


def conv_relu(cin, cout, kernel, stride=1, padding=0):
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, padding), nn.BatchNorm2d(cout, eps=1e-3), nn.ReLU(True))


class Inception(nn.Module):
    def __init__(self, cin, o1, r3, o3, r5, o5, op):
        super().__init__()
        self.b1 = conv_relu(cin, o1, 1)
        self.b2 = nn.Sequential(conv_relu(cin, r3, 1), conv_relu(r3, o3, 3, padding=1))
        self.b3 = nn.Sequential(conv_relu(cin, r5, 1), conv_relu(r5, o5, 5, padding=2))
        self.b4 = nn.Sequential(nn.MaxPool2d(3, 1, 1), conv_relu(cin, op, 1))

    def forward(self, x):
        return torch.cat([self.b1(x), self.b2(x), self.b3(x), self.b4(x)], 1)


def googlenet96(classes=10):
    return nn.Sequential(
        conv_relu(3, 64, 7, 2, 3), nn.MaxPool2d(3, 2),
        conv_relu(64, 64, 1), conv_relu(64, 192, 3, padding=1), nn.MaxPool2d(3, 2),
        Inception(192, 64, 96, 128, 16, 32, 32), Inception(256, 128, 128, 192, 32, 96, 64), nn.MaxPool2d(3, 2),
        Inception(480, 192, 96, 208, 16, 48, 64), Inception(512, 160, 112, 224, 24, 64, 64),
        Inception(512, 128, 128, 256, 24, 64, 64), Inception(512, 112, 144, 288, 32, 64, 64),
        Inception(528, 256, 160, 320, 32, 128, 128), nn.MaxPool2d(3, 2),
        Inception(832, 256, 160, 320, 32, 128, 128), Inception(832, 384, 192, 384, 48, 128, 128),
        nn.AvgPool2d(2), nn.Flatten(), nn.Linear(1024, classes),
    )


def main():
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 32
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", os.cpu_count() or 1)))
    torch.manual_seed(0)
    model = googlenet96()
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch, 3, 96, 96)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - start
    print(json.dumps({"engine": "pytorch-plain-loop", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "trainableParams": params, "batchSize": batch, "steps": steps,
                      "imagesPerSecond": batch * steps / seconds}))


if __name__ == "__main__":
    main()
