#!/usr/bin/env python3
"""Independent FLOP count of decoder-only transformers, by running them in PyTorch.

Every config in configs.json (flopcast's model format, snake_case fields) is built as a plain
PyTorch module, run forward on a random batch with a cross-entropy loss, then backward. A
TorchDispatchMode sees every aten op below autograd and adds up the matrix products:

    mm / addmm           [m,k] @ [k,n]       2*m*k*n
    bmm / baddbmm        [b,m,k] @ [b,k,n]   2*b*m*k*n
    addbmm               same as bmm
    mv / addmv / dot     2*m*k / 2*k

Bias additions inside addmm/baddbmm, element-wise ops, norms, softmax, rotary, ALiBi, masking,
the loss and embedding lookups are not counted. Attention scores are computed over the FULL
s x s window (the causal mask is applied afterwards with masked_fill). Composite ops such as
aten.linear or aten.matmul decompose into the ops above before the mode sees them; if one ever
reached the mode the script stops rather than miss it.

Usage: python3 tools/torch-count/count.py [configs.json] > test/golden/torch-flops.json
Needs only the Python standard library and torch (tested with Debian's python3-torch, 1.13).
"""
import datetime
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils._python_dispatch import TorchDispatchMode

aten = torch.ops.aten

# ----------------------------------------------------------------------------------------------
# Counting
# ----------------------------------------------------------------------------------------------


def _shape(t):
    return list(t.shape)


def _mm(a, b):
    (m, k), (k2, n) = _shape(a), _shape(b)
    assert k == k2, (a.shape, b.shape)
    return 2 * m * k * n


def _bmm(a, b):
    (bt, m, k), (bt2, k2, n) = _shape(a), _shape(b)
    assert k == k2 and bt == bt2, (a.shape, b.shape)
    return 2 * bt * m * k * n


def _mv(a, v):
    (m, k), (k2,) = _shape(a), _shape(v)
    assert k == k2
    return 2 * m * k


MATMUL_FLOPS = {
    aten.mm: lambda args: _mm(args[0], args[1]),
    aten.addmm: lambda args: _mm(args[1], args[2]),
    aten.bmm: lambda args: _bmm(args[0], args[1]),
    aten.baddbmm: lambda args: _bmm(args[1], args[2]),
    aten.addbmm: lambda args: _bmm(args[1], args[2]),
    aten.mv: lambda args: _mv(args[0], args[1]),
    aten.addmv: lambda args: _mv(args[1], args[2]),
    aten.dot: lambda args: 2 * args[0].shape[0],
    aten.vdot: lambda args: 2 * args[0].shape[0],
}

# Ops that are (or contain) matrix products but that we do not expect to see at this level.
UNEXPECTED = {'matmul', 'linear', 'einsum', 'tensordot', 'bilinear', 'convolution', 'conv1d', 'conv2d',
              '_convolution', 'inner', 'outer', 'ger', 'kron', 'chain_matmul', 'linalg_multi_dot',
              'multi_dot', 'addr', '_addmm_activation', 'mkldnn_linear', 'cudnn_convolution'}


class MatmulCounter(TorchDispatchMode):
    """Sums the FLOPs of every matrix-product aten op run while active."""

    def __init__(self):
        super().__init__()
        self.flops = 0
        self.by_op = {}

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        packet = func.overloadpacket
        name = packet.__name__
        if packet in MATMUL_FLOPS:
            f = MATMUL_FLOPS[packet](args)
            self.flops += f
            self.by_op[name] = self.by_op.get(name, 0) + f
        elif name in UNEXPECTED:
            raise RuntimeError(f'unexpected composite matrix op reached the counter: {func}')
        return func(*args, **kwargs)


# ----------------------------------------------------------------------------------------------
# The model, from a config in flopcast's format
# ----------------------------------------------------------------------------------------------


class RMSNorm(nn.Module):
    def __init__(self, width, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def make_norm(kind, width):
    if kind == 'layernorm':
        return nn.LayerNorm(width)
    if kind == 'rmsnorm':
        return RMSNorm(width)
    if kind == 'none':
        return nn.Identity()
    raise ValueError(f'unknown norm {kind!r}')


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def apply_rotary(x, seq_len):
    """Rotary position embedding on the last dim of x [B, heads, s, dim], element-wise only."""
    dim = x.shape[-1]
    inv_freq = 1.0 / (10000 ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
    pos = torch.arange(seq_len, dtype=torch.float32)
    angles = pos[:, None] * inv_freq[None, :]  # outer product by broadcasting, not a matmul
    emb = torch.cat((angles, angles), dim=-1)
    return x * emb.cos() + rotate_half(x) * emb.sin()


def alibi_bias(heads, seq_len):
    slopes = torch.tensor([2.0 ** (-8.0 * (h + 1) / heads) for h in range(heads)])
    pos = torch.arange(seq_len)
    dist = (pos[None, :] - pos[:, None]).float()  # key - query
    return slopes[:, None, None] * dist[None, :, :]  # [H, s, s]


def attend_window(q, k, v, cfg, window):
    """Sliding-window attention: each query is multiplied by exactly its window of `window` keys,
    itself and the window - 1 before it (transformers masking_utils.sliding_window_overlay:
    kv_idx > q_idx - sliding_window, on top of causal). Keys are zero-padded in front and unfolded
    into a [window] slice per query; the padding slots of the first queries are masked, like the
    masked future keys of the full convention (products not reduced). One bmm of batch B*H*s each
    for the scores ([1,dqk] @ [dqk,window]) and for A*V ([1,window] @ [window,dv])."""
    B, H, s, dqk = q.shape
    if cfg['position'] == 'alibi':
        raise ValueError('alibi with a sliding window is not defined here')
    kw = F.pad(k, (0, 0, window - 1, 0)).unfold(2, window, 1)  # [B,H,s,dqk,window]
    vw = F.pad(v, (0, 0, window - 1, 0)).unfold(2, window, 1)  # [B,H,s,dv,window]
    scores = torch.matmul(q.unsqueeze(-2), kw) / math.sqrt(dqk)  # [B,H,s,1,window]
    slot = torch.arange(window)[None, :]  # slot t holds key position i - window + 1 + t
    pad = slot < (window - 1 - torch.arange(s)[:, None])  # [s, window]: before position 0
    scores = scores.masked_fill(pad[:, None, :], float('-inf'))
    probs = F.softmax(scores, dim=-1)
    out = torch.matmul(probs, vw.transpose(-1, -2)).squeeze(-2)  # [B,H,s,dv]
    return out.transpose(1, 2).reshape(B, s, H * v.shape[-1])


def attend(q, k, v, cfg, window=None):
    """q [B,H,s,dqk], k [B,H,s,dqk], v [B,H,s,dv] -> [B,s,H*dv]. Full s x s products, or a
    sliding window of `window` keys per query when the window is shorter than the sequence."""
    B, H, s, dqk = q.shape
    if window is not None and window < s:
        return attend_window(q, k, v, cfg, window)
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(dqk)  # [B,H,s,s]
    if cfg['position'] == 'alibi':
        scores = scores + alibi_bias(H, s)
    causal = torch.ones(s, s, dtype=torch.bool).triu(1)
    scores = scores.masked_fill(causal, float('-inf'))
    probs = F.softmax(scores, dim=-1)
    out = torch.matmul(probs, v)  # [B,H,s,dv]
    return out.transpose(1, 2).reshape(B, s, H * v.shape[-1])


class MultiHeadAttention(nn.Module):
    """MHA / GQA / MQA: separate q, k, v projections; k and v heads repeated for GQA."""

    def __init__(self, cfg, window=None):
        super().__init__()
        self.cfg = cfg
        self.window = window
        d, H, G, dh = cfg['d_model'], cfg['heads'], cfg['kv_heads'], cfg['d_head']
        qkv_bias = cfg['bias'] in (True, 'qkv')
        out_bias = cfg['bias'] is True
        self.q_proj = nn.Linear(d, H * dh, bias=qkv_bias)
        self.k_proj = nn.Linear(d, G * dh, bias=qkv_bias)
        self.v_proj = nn.Linear(d, G * dh, bias=qkv_bias)
        self.o_proj = nn.Linear(H * dh, d, bias=out_bias)
        if cfg['qk_norm'] == 'head':  # one norm over each head's width, shared by all heads
            self.q_norm = make_norm(cfg['norm'], dh)
            self.k_norm = make_norm(cfg['norm'], dh)
        elif cfg['qk_norm'] == 'full':  # one norm over the whole projection
            self.q_norm = make_norm(cfg['norm'], H * dh)
            self.k_norm = make_norm(cfg['norm'], G * dh)

    def forward(self, x):
        cfg = self.cfg
        B, s, _ = x.shape
        H, G, dh = cfg['heads'], cfg['kv_heads'], cfg['d_head']
        q, k, v = self.q_proj(x), self.k_proj(x), self.v_proj(x)
        if cfg['qk_norm'] == 'full':
            q, k = self.q_norm(q), self.k_norm(k)
        q = q.view(B, s, H, dh)
        k = k.view(B, s, G, dh)
        v = v.view(B, s, G, dh)
        if cfg['qk_norm'] == 'head':
            q, k = self.q_norm(q), self.k_norm(k)
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)  # [B, heads, s, dh]
        if cfg['position'] == 'rotary':
            q, k = apply_rotary(q, s), apply_rotary(k, s)
        if G != H:
            k = k.repeat_interleave(H // G, dim=1)
            v = v.repeat_interleave(H // G, dim=1)
        return self.o_proj(attend(q, k, v, cfg, self.window))


class LatentAttention(nn.Module):
    """DeepSeek-V2/V3 multi-head latent attention (MLA), written as in the reference model code:
    q: [q_a_proj -> norm -> q_b_proj] or q_proj; kv_a_proj_with_mqa: d -> kv_lora_rank + rope
    (the rope key part is one head shared by all heads); kv_a norm; kv_b_proj -> per-head k_nope
    and v; o_proj. Rotary on the rope parts (element-wise). Position is always rotary in MLA."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d, H = cfg['d_model'], cfg['heads']
        rq, rkv = cfg['q_lora_rank'], cfg['kv_lora_rank']
        nope, rope, dv = cfg['qk_nope_head_dim'], cfg['qk_rope_head_dim'], cfg['v_head_dim']
        qkv_bias = cfg['bias'] in (True, 'qkv')
        out_bias = cfg['bias'] is True
        if rq > 0:
            self.q_a_proj = nn.Linear(d, rq, bias=qkv_bias)
            self.q_a_norm = make_norm(cfg['norm'], rq)
            self.q_b_proj = nn.Linear(rq, H * (nope + rope), bias=qkv_bias)
        else:
            self.q_proj = nn.Linear(d, H * (nope + rope), bias=qkv_bias)
        self.kv_a_proj_with_mqa = nn.Linear(d, rkv + rope, bias=qkv_bias)
        self.kv_a_norm = make_norm(cfg['norm'], rkv)
        self.kv_b_proj = nn.Linear(rkv, H * (nope + dv), bias=qkv_bias)
        self.o_proj = nn.Linear(H * dv, d, bias=out_bias)

    def forward(self, x):
        cfg = self.cfg
        B, s, _ = x.shape
        H = cfg['heads']
        rkv = cfg['kv_lora_rank']
        nope, rope, dv = cfg['qk_nope_head_dim'], cfg['qk_rope_head_dim'], cfg['v_head_dim']
        if cfg['q_lora_rank'] > 0:
            q = self.q_b_proj(self.q_a_norm(self.q_a_proj(x)))
        else:
            q = self.q_proj(x)
        q = q.view(B, s, H, nope + rope).transpose(1, 2)
        q_nope, q_pe = q.split([nope, rope], dim=-1)
        ckv = self.kv_a_proj_with_mqa(x)
        c, k_pe = ckv.split([rkv, rope], dim=-1)
        k_pe = k_pe.view(B, s, 1, rope).transpose(1, 2)  # [B,1,s,rope]
        kv = self.kv_b_proj(self.kv_a_norm(c)).view(B, s, H, nope + dv).transpose(1, 2)
        k_nope, v = kv.split([nope, dv], dim=-1)
        q_pe, k_pe = apply_rotary(q_pe, s), apply_rotary(k_pe, s)
        q = torch.cat([q_nope, q_pe], dim=-1)
        k = torch.cat([k_nope, k_pe.expand(B, H, s, rope)], dim=-1)
        return self.o_proj(attend(q, k, v, cfg, self.window))


class FeedForward(nn.Module):
    def __init__(self, cfg, d_ff):
        super().__init__()
        d = cfg['d_model']
        bias = cfg['bias'] is True
        self.kind = cfg['ffn']
        if self.kind == 'swiglu':
            self.gate = nn.Linear(d, d_ff, bias=bias)
        self.up = nn.Linear(d, d_ff, bias=bias)
        self.down = nn.Linear(d_ff, d, bias=bias)

    def forward(self, x):
        if self.kind == 'swiglu':
            return self.down(F.silu(self.gate(x)) * self.up(x))
        return self.down(F.gelu(self.up(x)))


class MixtureOfExperts(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        moe = cfg['moe']
        self.top_k = moe['top_k']
        self.router = nn.Linear(cfg['d_model'], moe['experts'], bias=False)
        self.experts = nn.ModuleList(FeedForward(cfg, moe['d_ff_expert']) for _ in range(moe['experts']))
        self.shared = nn.ModuleList(FeedForward(cfg, moe['d_ff_shared']) for _ in range(moe['shared_experts']))

    def forward(self, x):
        B, s, d = x.shape
        tokens = x.reshape(B * s, d)
        gates = F.softmax(self.router(tokens), dim=-1)
        weights, chosen = gates.topk(self.top_k, dim=-1)  # [T, k]
        out = torch.zeros_like(tokens)
        for e, expert in enumerate(self.experts):
            rows, slot = (chosen == e).nonzero(as_tuple=True)
            if rows.numel() == 0:
                continue
            y = expert(tokens.index_select(0, rows)) * weights[rows, slot].unsqueeze(-1)
            out = out.index_add(0, rows, y)
        for expert in self.shared:
            out = out + expert(tokens)
        return out.view(B, s, d)


class Block(nn.Module):
    def __init__(self, cfg, use_moe, window=None):
        super().__init__()
        self.cfg = cfg
        if cfg['attention'] == 'mla' and window is not None:
            raise ValueError('mla with a sliding window is not defined here')
        self.attn = LatentAttention(cfg) if cfg['attention'] == 'mla' else MultiHeadAttention(cfg, window)
        self.ffn = MixtureOfExperts(cfg) if use_moe else FeedForward(cfg, cfg['d_ff'])
        self.norm1 = make_norm(cfg['norm'], cfg['d_model'])
        if cfg['block_norms'] in (2, 4):
            self.norm2 = make_norm(cfg['norm'], cfg['d_model'])
        if cfg['block_norms'] == 4:  # Gemma 2/3: a norm before and after each of attention and FFN
            self.norm3 = make_norm(cfg['norm'], cfg['d_model'])
            self.norm4 = make_norm(cfg['norm'], cfg['d_model'])

    def forward(self, x):
        if self.cfg['parallel_block']:
            h = self.norm1(x)
            h2 = self.norm2(x) if self.cfg['block_norms'] == 2 else h
            return x + self.attn(h) + self.ffn(h2)
        if self.cfg['block_norms'] == 4:
            # input_layernorm -> attn -> post_attention_layernorm; pre_feedforward_layernorm ->
            # mlp -> post_feedforward_layernorm (transformers Gemma2DecoderLayer.forward)
            x = x + self.norm2(self.attn(self.norm1(x)))
            return x + self.norm4(self.ffn(self.norm3(x)))
        if self.cfg['block_norms'] != 2:
            raise ValueError('a sequential block with one norm is not defined here')
        x = x + self.attn(self.norm1(x))
        return x + self.ffn(self.norm2(x))


class Transformer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d = cfg['d_model']
        self.tok = nn.Embedding(cfg['vocab'], d)
        if cfg['position'] == 'learned':
            self.pos = nn.Embedding(cfg['position_embeddings'], d)
        if cfg['embedding_norm']:
            self.emb_norm = make_norm(cfg['norm'], d)
        dense_layers = cfg['moe']['dense_layers'] if cfg['moe'] else cfg['layers']
        types = cfg['layer_types']
        windows = [cfg['sliding_window'] if types[i % len(types)] == 'sliding_attention' else None for i in range(cfg['layers'])]
        self.blocks = nn.ModuleList(Block(cfg, use_moe=i >= dense_layers, window=windows[i]) for i in range(cfg['layers']))
        self.final_norm = make_norm(cfg['norm'], d)
        if not cfg['tied_embeddings']:
            self.head = nn.Linear(d, cfg['vocab'], bias=False)

    def forward(self, ids):
        B, s = ids.shape
        x = self.tok(ids)
        if self.cfg['position'] == 'learned':
            x = x + self.pos(torch.arange(s))
        if self.cfg['embedding_norm']:
            x = self.emb_norm(x)
        for block in self.blocks:
            x = block(x)
        x = self.final_norm(x)
        if self.cfg['tied_embeddings']:
            return F.linear(x, self.tok.weight)
        return self.head(x)


def resolve(model):
    """Fill in the format's defaults (see the field descriptions in src/model/schema.ts)."""
    c = dict(model)
    c.setdefault('ffn', 'gelu')
    c.setdefault('tied_embeddings', False)
    c.setdefault('norm', 'layernorm')
    c.setdefault('bias', False)
    c.setdefault('position', 'rotary')
    c.setdefault('parallel_block', False)
    c.setdefault('block_norms', 1 if c['parallel_block'] else 2)
    c.setdefault('qk_norm', 'none')
    c.setdefault('embedding_norm', False)
    c.setdefault('attention', 'mha')
    c.setdefault('kv_heads', c['heads'])
    c.setdefault('sliding_window', None)
    # layer_types is cycled over the layers from layer 0; default: every layer uses the window
    c.setdefault('layer_types', ['sliding_attention' if c['sliding_window'] else 'full_attention'])
    if c['position'] == 'learned':
        c.setdefault('position_embeddings', c['seq_len'])
    if c['attention'] == 'mha':
        c.setdefault('d_head', c['d_model'] // c['heads'])
    else:
        c.setdefault('q_lora_rank', 0)
    moe = c.get('moe')
    if moe:
        moe = dict(moe)
        moe.setdefault('d_ff_expert', c.get('d_ff'))
        moe.setdefault('shared_experts', 0)
        moe.setdefault('d_ff_shared', moe['d_ff_expert'])
        moe.setdefault('dense_layers', 0)
        c['moe'] = moe
    else:
        c['moe'] = None
    return c


def run_case(case):
    cfg = resolve(case['model'])
    batch, s = case['batch'], case['seq_len']
    torch.manual_seed(0)
    model = Transformer(cfg)
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    ids = torch.randint(0, cfg['vocab'], (batch, s + 1))
    inputs, targets = ids[:, :-1], ids[:, 1:]

    with MatmulCounter() as fwd:
        logits = model(inputs)
        loss = F.cross_entropy(logits.reshape(-1, cfg['vocab']), targets.reshape(-1))
    with MatmulCounter() as bwd:
        loss.backward()
    return {
        'name': case['name'],
        'model': case['model'],
        'batch': batch,
        'seq_len': s,
        'forward_flops': fwd.flops,
        'backward_flops': bwd.flops,
        'params': params,
        'forward_by_op': fwd.by_op,
        'backward_by_op': bwd.by_op,
    }


def self_check():
    """The counter sees mm/bmm for Linear and matmul, also in backward (fails loudly if not)."""
    lin = nn.Linear(8, 4)
    x = torch.randn(3, 5, 8, requires_grad=True)
    with MatmulCounter() as f:
        y = lin(x).sum() + torch.matmul(x.view(3, 5, 2, 4), x.view(3, 5, 4, 2)).sum()
    with MatmulCounter() as b:
        y.backward()
    expect_f = 2 * 15 * 8 * 4 + 2 * 15 * 2 * 4 * 2
    assert f.flops == expect_f, (f.flops, f.by_op, expect_f)
    assert b.flops == 2 * expect_f, (b.flops, b.by_op)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    args = sys.argv[1:]
    # --missing-from GOLDEN: count only the configs GOLDEN has no case for, and print GOLDEN with
    # them appended (the existing cases, their date and torch version are left as they are).
    existing = None
    if args[:1] == ['--missing-from']:
        with open(args[1]) as fh:
            existing = json.load(fh)
        args = args[2:]
    path = args[0] if args else os.path.join(here, 'configs.json')
    with open(path) as fh:
        cases = json.load(fh)
    torch.set_num_threads(1)
    self_check()
    if existing is not None:
        have = {c['name'] for c in existing['cases']}
        added = [run_case(c) for c in cases if c['name'] not in have]
        for c in added:
            c['added'] = {'torch_version': torch.__version__, 'date': datetime.date.today().isoformat()}
        existing['cases'].extend(added)
        json.dump(existing, sys.stdout, indent=2)
        sys.stdout.write('\n')
        return
    out = {
        'generated_by': 'tools/torch-count/count.py',
        'torch_version': torch.__version__,
        'date': datetime.date.today().isoformat(),
        'convention': ('Sum of 2*m*k*n over every aten mm/addmm/bmm/baddbmm (and mv/dot, none occur) '
                       'seen by a TorchDispatchMode; forward = model forward plus cross-entropy loss, '
                       'backward = loss.backward(); attention scores and A*V over the full s x s window '
                       '(causal mask applied with masked_fill, products not halved); element-wise ops, '
                       'norms, softmax, rotary, bias additions and the loss not counted; params = '
                       'sum(p.numel()) over the module parameters with requires_grad (tied weights once).'),
        'cases': [run_case(c) for c in cases],
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
