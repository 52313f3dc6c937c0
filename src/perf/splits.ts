/**
 * How the validation rows were split, declared at the top of each file (validateSchema.ts ValidationFileSchema `split`)
 * before any prediction was run on it:
 * calibration: rows the model's constants were chosen on; test: rows added for issue 10 and never tuned
 * on (but their errors were seen while the model was changed afterwards); holdout: rows committed
 * before the model changes of 2026-11-29 and evaluated only once those were final (then seen);
 * holdout2: rows committed before the changes that followed, evaluated only once those were final;
 * holdout3: rows committed before the changes that followed the holdout2 evaluation, likewise;
 * holdout4: rows committed before the changes that follow the holdout3 evaluation, likewise (evaluated
 * once when those were final);
 * holdout5: the NVFP4 rows the earlier files left out (no fp4 GEMMs then), committed before the fp4
 * support was evaluated on them, likewise;
 * holdout6: AMD rows (the first: MI355X), committed before any AMD change, evaluated once;
 * holdout7: MoE rows whose experts are padded to capacity (moe_capacity_padding), which no earlier
 * file could express, committed before the padding model was evaluated on them, evaluated once;
 * holdout8: rows no earlier file holds (MLPerf NVIDIA logs, Megatron-Bridge 26.02.01, MaxText TPU
 * tables), committed sealed before the next model change;
 * holdout9: rows no earlier file holds (MLPerf Training v4.1 / v5.0 / v5.1 logs of NVIDIA and partner
 * submissions, Megatron-Bridge 26.04.01), committed sealed before the model change after holdout8's;
 * holdout10: rows no earlier file holds (NVIDIA DGX Cloud Benchmarking recipes: NeMo, MaxText and Grok-1
 * MoE step times on H100), committed sealed before the next model change;
 * holdout11: rows no earlier file holds (DGX Cloud Benchmarking step times at later commits of its
 * READMEs, Megatron-Bridge 26.06 / 26.06.01 tables), committed sealed after holdout10, and evaluated once
 * to judge the attention head-dim rates;
 * holdout12: rows no earlier file holds (AMD-AGI/maxtext-slurm DeepSeek-V3 pdbs sweeps: MaxText MoE with
 * FSDP on 64 MI355X), committed sealed after holdout11 and evaluated once to judge the padded-MoE
 * contractions (first committed as holdout13; renamed when it was evaluated before the next set);
 * holdout13: rows no earlier file holds (MLPerf Training v6.0 logs: DeepSeek-V3 and GPT-OSS-20B MoE,
 * Llama 3.1 8B / 405B), committed sealed beside holdout12 (first committed as holdout12), and evaluated
 * once to judge the keys-per-query attention rates;
 * holdout14: rows no earlier file holds (LambdaLabsML TorchTitan MoE FSDP runs on B200 / GB300, torchao's
 * float8 MI300X table, SimuMax's measured Megatron-LM B200 step times), committed sealed after holdout13,
 * and evaluated once to judge the NVIDIA calibration scale (validation/PREREGISTRATIONS.md);
 * holdout15: rows no earlier file holds (MLPerf Training v6.0 / v5.1 partner logs no file read: HPE's
 * GB200 / B200 Llama 3.1 8B and GBS-144 405B runs, Datacrunch's B200 8B; FlagPerf's Megatron-LM H100
 * tables; JAX-Toolbox's MaxText Llama 2 7B H100 row), committed sealed after holdout14, and evaluated
 * once (before holdout14: a change it could move) to judge the NVFP4 GEMM rates;
 * holdout16: rows no earlier file holds (InternLM/xtuner's Megatron MoE benchmark guide: Qwen3-235B-A22B
 * on 256 H800 under Pai-Megatron-Patch, fourteen layouts; one node of 8 B200 running NeMo's Llama 3 8B
 * script in BF16 / FP8 / MXFP8 / NVFP4), committed sealed after holdout15, and evaluated once to judge
 * the sustained-clock rates;
 * holdout17: rows no earlier file holds (the single-node H100 rows of llm-foundry's MPT benchmark README
 * that no other file holds: MPT-760M to 30B, Composer FSDP on 8 H100, BF16 and FP8), committed sealed
 * after holdout16, and evaluated once beside holdout23 (it judged nothing: the host-issue-time change moved
 * none of its rows);
 * holdout18: rows no earlier file holds (Megatron-Bridge's model verification cards: GPT-OSS-120B,
 * DeepSeek-V3, Qwen3-235B-A22B / 30B-A3B and Qwen3-8B pre-training runs on H100 / GB200 / GB300; NeMo
 * Automodel's DeepEP-vs-HybridEP Qwen3-30B-A3B FSDP2 runs on 8 / 16 H100; the MLPerf v6.0 GPT-OSS-20B
 * partner submissions earlier files left out), committed sealed after holdout17, and evaluated once to
 * judge GPT-OSS's clamp, MLA's projections and the local-only permutation;
 * holdout19: rows no earlier file holds (measurements printed in GitHub issue and pull-request threads:
 * Megatron-Bridge's DeepSeek-V3 GBS 15360 run on 256 GB300, Pai-Megatron-Patch Qwen3-30B-A3B runs on 16
 * H800, a TorchTitan Qwen3-30B-A3B FSDP run on 8 B200; Azure's MLPerf v6.0 Llama 3.1 405B on 8,192 GB200;
 * Megatron-Bridge verification-card versions' Qwen3-30B-A3B runs on 8 GB200 and DeepSeek-V3 runs on
 * 1,024 H100 / 256 GB200 / 256 GB300),
 * committed sealed after holdout18's evaluation, and evaluated once (it judged the per-rank DeepEP copies:
 * rejected);
 * holdout20: GPT-OSS rows no earlier file holds (Quanta Cloud Technology's MLPerf v6.0 GPT-OSS-20B
 * submissions on 64 / 8 GB300 and 8 B300), committed sealed after holdout19's evaluation, and evaluated
 * once to judge GPT-OSS's expert biases;
 * holdout21: rows no earlier file holds (MLPerf v6.0 submissions no file reads: Supermicro's GPT-OSS-20B
 * on 8 B200 / B300 at EP 1, Llama 3.1 8B of Quanta, Cisco, Supermicro and Oracle), committed sealed after
 * holdout20's evaluation, and evaluated once (the model as it stood; the EP-1 load correction's effect
 * published beside it);
 * holdout22: rows no earlier file holds, AMD Instinct runs searched first (MLPerf v5.1 partner logs of
 * AMD's MI355X implementation), committed sealed after holdout21's evaluation, and evaluated once (it
 * judged the AMD profiles' measured rates: rejected);
 * holdout23: rows no earlier file holds, Megatron-Core / NeMo / Megatron-Bridge runs and single-node
 * small-model runs searched first (each with a note on whether its source turns CUDA graphs on),
 * committed sealed after holdout22's evaluation, and evaluated once (the host-issue-time change moved
 * none of its rows: not judged);
 * holdout24: rows no earlier file holds, runs where the GPU's work per kernel is small searched first
 * (fine-grained or small-batch MoE, small models on many GPUs or at micro batch 1, runs whose source
 * says whether CUDA graphs were on), committed sealed after holdout23's evaluation, and evaluated once
 * (it judged the host-issue-time change: kept);
 * holdout25: rows no earlier file holds, MoE runs in any stack searched first, then dense runs on
 * accelerators or stacks with few held rows (A100, H200, MI300X / MI325X, TPU, DeepSpeed, TorchTitan;
 * Megatron-LM CI functional-test goldens left out), committed sealed after holdout24's evaluation, and
 * evaluated once (no candidate change was registered: an unseen evaluation of the model as it stood);
 * holdout26: rows no earlier file holds, runs on A100 / H200 / MI300X / MI325X / TPU searched first, then
 * DeepSpeed / TorchTitan / Colossal-AI / NeMo AutoModel and other non-Megatron stacks, then long-context
 * runs with context parallelism (Megatron-LM CI functional-test goldens left out), committed sealed after
 * holdout25's evaluation, and evaluated once (no candidate change registered);
 * holdout27: rows no earlier file holds, runs trained with the Muon optimizer searched first (Megatron-Bridge
 * performance-summary Kimi K2 rows, left out of every earlier file by rule; training.optimizer: muon), then
 * anything else (Megatron-LM CI functional-test goldens left out), committed sealed after holdout26's
 * evaluation, and evaluated once to judge the Muon optimizer input (validation/PREREGISTRATIONS.md:
 * not kept);
 * holdout28: measured pre-training runs of hybrid Mamba-2 / Transformer models (Nemotron-H 56B, Nemotron 3
 * Nano: Megatron-Bridge performance tables and verification card, NeMo Automodel, DGX Cloud Benchmarking),
 * committed sealed before any hybrid prediction exists, to judge the hybrid performance model of branch
 * `hybridperf` once, and evaluated once (21.5%: not kept; its rows are listed as not predicted since);
 * holdout29: rows no earlier file holds, runs on accelerators with few or no validated runs searched first
 * (A100 / H200 Megatron-Core / NeMo / Megatron-LM runs, then Gaudi, Trainium, MI250X / MI300X / MI325X, TPU
 * v4 / v5e, L40S, V100; hybrid Mamba models and Megatron-LM CI goldens left out), committed sealed after
 * holdout28's evaluation, and evaluated once with no candidate change registered (71.8%, 5 rows);
 * holdout30: measured Llama 4 Scout / Maverick pre-training runs no earlier file holds (DGX Cloud Benchmarking
 * llama4 on GB200 / H100, the NeMo 25.07 performance summary, tpu-recipes MaxText on TPU v5p), committed sealed
 * before any Llama 4 prediction exists, and evaluated once when Llama 4 support (branch `llama4`) landed (4.0%, 10 rows);
 * holdout31: rows no earlier file holds, runs of models earlier files left out for want of a preset or a pinned
 * architecture searched first (tpu-recipes MaxText Gemma 3 12B on TPU v6e, a Megatron-Bridge Moonlight-16B-A3B
 * verification no file holds), committed sealed after holdout30's evaluation, and evaluated once with no candidate
 * change registered (37.8%, 4 rows);
 * holdout32: rows no earlier file holds, runs of the recipe configurations of the 2026-11-30 writability sweep
 * searched first (TorchTitan's DeepEP README: Qwen3-30B-A3B on 8 to 128 B200, FSDP with EP 8), committed sealed
 * after holdout31's evaluation;
 * holdout33: rows no earlier file holds, papers' / vendors' throughput tables and frameworks no file had read
 * searched first (InternLM's training-performance page: InternLM 7B on 8 to 1,024 A100 80GB, ZeRO-1; KempnerForge's
 * benchmark reports: Llama-3-shaped models on 2 to 360 H200, FSDP2 / TP / PP), committed sealed after holdout32's
 * evaluation;
 * holdout34: rows no earlier file holds, MoE runs outside NVIDIA's tables, pipeline-parallel runs on clusters of
 * small nodes and small models on 1 to 16 accelerators searched first (TinyLlama 1.1B on 16 A100-40G, FSDP;
 * KempnerForge's re-validated PP runs on 8 nodes of 4 H200), then anything found on the way (PaddleNLP's pre-training table: 7B / 13B models on 8 A100 80G, tp 2 x sharding stage
 * 2), committed sealed after holdout33's evaluation;
 * holdout35: rows no earlier file holds, long-context context-parallel runs, runs on accelerators other than NVIDIA
 * GPUs and MoE runs in papers' or frameworks' tables searched first (none found in a form the rule takes), then
 * anything found on the way (tohtana/benchmark_tp: Qwen3-32B at TP 8 on 8 H100, DeepSpeed AutoTP / FSDP2 + DTensor /
 * TorchTitan), committed sealed after holdout34's evaluation;
 * holdout36: rows no earlier file holds, frameworks' measured throughput tables for dense models on A100 / H100
 * searched first (MosaicML's MosaicGPT throughput READMEs in mosaicml/examples: 125M to 70B on 8 to 256 A100 80GB /
 * 40GB, Composer FSDP, three generations of measurements), then open models' pre-training logs and MoE runs (none
 * found in a form the rule takes), committed sealed after holdout35's evaluation;
 * holdout37: rows no earlier file holds, other stored versions of pages earlier files read searched first, then
 * frameworks outside the US vendors' stacks and their MoE runs (none found in a form the rule takes), then runs found
 * on the way (MosaicML's sweep result tables in llm-foundry's benchmarking folder: MPT 125M to 30B, Composer FSDP on
 * 8 to 32 H100 / A100 80GB / A100 40GB), committed sealed after holdout36's evaluation;
 * holdout38: rows no earlier file holds, training-systems papers' own measured tables that print a layout searched
 * first (the Zero Bubble pipeline paper's Megatron-LM 1F1B / interleaved 1F1B baselines, GPT-3-style 1.5B to 28.3B at
 * pure pipeline parallelism on 8 to 32 A100 SXM 80G), then MoE runs in frameworks' pages and runs on non-NVIDIA
 * accelerators or with context parallelism (none found in a form the rule takes), committed sealed after holdout37's
 * evaluation;
 * holdout39: rows no earlier file holds, the Zero Bubble pipeline paper's rows for its own schedules searched first
 * (ZB-1p, ZB-2p and, once a zb-v pipeline_layout could be placed in its V, ZB-V, in the tables whose 1F1B rows holdout38
 * holds, written with the same inputs as those rows), then the same authors' controllable-memory paper and other measured zero-bubble runs (none
 * found in a form the rule takes), committed sealed after holdout38's evaluation, before the zero-bubble schedules it
 * judges were evaluated;
 * holdout40: rows no earlier file holds, MoE runs and FSDP / ZeRO-3 / HSDP runs from sources no file reads searched
 * first, then dense models under 15B parameters on 1 to 16 accelerators (the Megatron-FSDP v2 prototype's Qwen3-30B-A3B
 * matrix in Megatron-LM's examples: MoE under Megatron-FSDP with EP 4 on 8 GB200), committed sealed with no candidate
 * change registered;
 * holdout41: rows no earlier file holds, MoE runs under Megatron-Core searched first, then other MoE runs, then anything
 * found on the way (AWS's Megatron-Bridge MoE dispatcher benchmarks in awslabs/awsome-distributed-ai: DeepSeek-V3 and
 * Kimi-K2 on 256 / 128 B300, Qwen3-235B-A22B on 32 B300, Qwen3-30B-A3B on 64 H100, NCCL all-to-all and DeepEP over
 * EFA), committed sealed before the MoE step-model corrections it measures were evaluated;
 * holdout42: rows no earlier file holds, long-context runs with context parallelism searched first, then runs on
 * accelerators with few validated runs, then MoE runs (an AMD engineer's training logs on AMD Accelerator Cloud's MI325X
 * cluster in hisohara/ai-scripts: Primus Llama 2 70B on 16, Llama 2 7B and Mixtral 8x7B on 64 MI325X, ROCm Megatron-LM
 * Llama 3.1 70B on 64 MI325X; a Nebius proof of concept's Megatron-Bridge Qwen3-1.7B runs on two single-H200 nodes over
 * Ethernet, DP / TP / PP / FP8 and CP 2 at 16K), committed sealed with no candidate change registered;
 * holdout43: rows no earlier file holds, dense models under 15B parameters on 1 to 16 accelerators searched first (the
 * FlashAttention authors' GPT-3-shaped training speeds in Dao-AILab/flash-attention's training README: 125M to 2.7B on
 * one node of 8 A100 80GB), then DeepSpeed runs (the DeepSpeed + Megatron baselines of OpenBMB/BMTrain's README: GPT-2
 * 13B under ZeRO-2 / ZeRO-3 with model parallelism 1, 4 or 8 on 32 V100), then MoE runs (none found), committed sealed
 * with no candidate change registered;
 * holdout44: rows no earlier file holds, MoE runs outside Megatron-Core searched first, then FSDP / HSDP / ZeRO-3 runs
 * of dense models on H100-class accelerators, then dense models under 15B parameters on 1 to 16 accelerators (one run
 * taken: the single-GPU Lightning Thunder block of Lightning-AI/lightning-thunder issue #1364, LitGPT's
 * Phi-3-mini-4k-instruct with Transformer Engine FP8 on one H100; no MoE or FSDP run found in a form the rule takes),
 * committed sealed before the registered ZeRO-3 / FSDP gather-buffer candidate was evaluated;
 * holdout45: rows no earlier file holds, MaxText runs printing a remat_policy other than full searched first, then other
 * MaxText runs, then JAX / XLA runs outside MaxText on the maxtext profile (taken: the measured chapters of the
 * clarkechong/scale-your-amd book: MaxText Llama 3 8B minimal_flash and DeepSeek-V2-Lite on 8 MI300X, MaxText Mixtral
 * 8x22B and Llama 2 70B BF16 / FP16 / FP8 / MXFP8 / MXFP4 on 8 MI355X, a raw-JAX Llama 2 7B remat and attention sweep on 1
 * and 8 MI355X), committed sealed as the unseen judge of MaxText's remat policies (addcd953);
 * Each file's header says how its rows were chosen.
 */
export const SPLITS = ['calibration', 'test', 'holdout', 'holdout2', 'holdout3', 'holdout4', 'holdout5', 'holdout6', 'holdout7', 'holdout8', 'holdout9', 'holdout10', 'holdout11', 'holdout12', 'holdout13', 'holdout14', 'holdout15', 'holdout16', 'holdout17', 'holdout18', 'holdout19', 'holdout20', 'holdout21', 'holdout22', 'holdout23', 'holdout24', 'holdout25', 'holdout26', 'holdout27', 'holdout28', 'holdout29', 'holdout30', 'holdout31', 'holdout32', 'holdout33', 'holdout34', 'holdout35', 'holdout36', 'holdout37', 'holdout38', 'holdout39', 'holdout40', 'holdout41', 'holdout42', 'holdout43', 'holdout44', 'holdout45'] as const;
export type Split = (typeof SPLITS)[number];
/** The rows of a user's own measured runs (`flopcast validate FILE`): no bundled set, summarised on their own. */
export const OWN_RUNS = 'own';
/** The set a predicted row belongs to: a bundled split or the user's own runs. */
export type RowSplit = Split | typeof OWN_RUNS;
