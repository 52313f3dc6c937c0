#!/usr/bin/env python3
"""Host (CPU) issue time per kernel of a PyTorch eager step: the method behind src/perf/hostIssue.ts.

src/perf/hostIssue.ts EAGER_SECONDS_PER_KERNEL (35 us) and LOOPED_SECONDS_PER_KERNEL (10.6 us) were
measured on 2026-11-29 on the project's lent H200 (PyTorch 2.11, gVisor sandbox) by a throwaway script
that was not kept. This file restates that method, as hostIssue.ts describes it, so the figures can be
measured again on another host; it was written afterwards and has not been run on a GPU since (no
machine was lent to the session that wrote it). Its output is what to compare with the constants.

  eager:  an 8-layer pre-norm transformer block (RMSNorm, QKV and output linears,
          scaled_dot_product_attention, SwiGLU MLP, residual adds) at hidden 256 and 128 tokens, so
          small that every kernel's GPU time is far below its issue time. Kernels per forward+backward
          are counted with torch.profiler; host seconds per kernel = wall time of N steps (the GPU idles
          between kernels, so the wall time is the host's) / (N x kernels), and, a second reading, the
          median host time until backward() returns / kernels.
  looped: y.add_(1.0) on 1,024 elements in a Python loop, wall time / launches: the floor of one
          launch, an upper bound for Transformer Engine's per-expert GEMMs issued from C++.

Usage: python3 tools/host-issue/measure.py   (needs torch with CUDA; CI never runs it)
"""
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HIDDEN, HEADS, TOKENS, LAYERS, STEPS = 256, 4, 128, 8, 50


class Block(nn.Module):
    def __init__(self, h: int, heads: int):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.RMSNorm(h), nn.RMSNorm(h)
        self.qkv, self.out = nn.Linear(h, 3 * h, bias=False), nn.Linear(h, h, bias=False)
        self.gate_up, self.down = nn.Linear(h, 8 * h, bias=False), nn.Linear(4 * h, h, bias=False)

    def forward(self, x):
        b, s, h = x.shape
        q, k, v = self.qkv(self.norm1(x)).view(b, s, 3, self.heads, h // self.heads).transpose(1, 3).unbind(2)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(b, s, h)
        x = x + self.out(a)
        g, u = self.gate_up(self.norm2(x)).chunk(2, dim=-1)
        return x + self.down(F.silu(g) * u)


def main() -> None:
    dev = torch.device('cuda')
    model = nn.Sequential(*[Block(HIDDEN, HEADS) for _ in range(LAYERS)]).to(dev, torch.bfloat16)
    x = torch.randn(1, TOKENS, HIDDEN, device=dev, dtype=torch.bfloat16)

    def step():
        model(x).float().square().mean().backward()

    for _ in range(5):
        step()
    torch.cuda.synchronize()

    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
        step()
        torch.cuda.synchronize()
    kernels = sum(1 for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA)

    t0 = time.perf_counter()
    for _ in range(STEPS):
        step()
    torch.cuda.synchronize()
    wall_per_kernel = (time.perf_counter() - t0) / (STEPS * kernels)

    host = []
    for _ in range(STEPS):
        torch.cuda.synchronize()
        t = time.perf_counter()
        step()
        host.append(time.perf_counter() - t)
    host_per_kernel = statistics.median(host) / kernels

    y = torch.zeros(1024, device=dev)
    torch.cuda.synchronize()
    n = 10_000
    t0 = time.perf_counter()
    for _ in range(n):
        y.add_(1.0)
    torch.cuda.synchronize()
    launch = (time.perf_counter() - t0) / n

    print(json.dumps({
        'torch': torch.__version__,
        'gpu': torch.cuda.get_device_name(),
        'kernels_per_step': kernels,
        'eager_seconds_per_kernel_wall': wall_per_kernel,
        'eager_seconds_per_kernel_host_median': host_per_kernel,
        'looped_seconds_per_launch': launch,
    }, indent=2))


if __name__ == '__main__':
    main()
