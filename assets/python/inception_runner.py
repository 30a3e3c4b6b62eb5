"""Inception Studio's PyTorch training runner.

    python inception_runner.py JOB.json [--resume] [--device cuda] [--fp32] [--max-steps N]
    torchrun --nproc_per_node 4 inception_runner.py JOB.json      # DistributedDataParallel

JOB.json names the run folder, the generated network module (net.py), the Input node's size and the
training options (the TF.js engine's config.json), every value written out: the file is checked
against inception_torch/job.schema.json (generated from the TypeScript contract), a missing key is
an error and a job from a newer Inception Studio is refused. Prints one JSON event per line (rank 0
only) and writes metrics.jsonl, checkpoints/{last,best}/checkpoint.pt, model/ and report.json in the
run folder. SIGINT or SIGTERM: the current batch finishes, a checkpoint is written, the run ends
`stopped`; run again with --resume to continue at the next step. Needs torch, and Pillow for image
folders; torchvision is not used.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def read_job(path):
    """The checked job file (`inception_torch.job.read_job`); a job this runner cannot run ends the process with why."""
    from inception_torch.job import JobError, read_job as read_checked
    try:
        return read_checked(path)
    except JobError as error:
        raise SystemExit(f"inception_runner: {error}") from None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("job", help="the job file")
    parser.add_argument("--resume", action="store_true", help="continue from checkpoints/last")
    parser.add_argument("--device", help="auto, cuda, cuda:N, mps or cpu")
    parser.add_argument("--precision", choices=["auto", "fp32", "bf16", "fp16"])
    parser.add_argument("--fp32", action="store_true", help="plain fp32: no autocast, no channels_last")
    parser.add_argument("--channels-last", dest="channels_last", action="store_true", default=None)
    parser.add_argument("--no-channels-last", dest="channels_last", action="store_false")
    parser.add_argument("--workers", type=int, help="DataLoader worker processes")
    parser.add_argument("--max-steps", type=int, help="stop (with a checkpoint) after this many steps")
    args = parser.parse_args(argv)
    job = read_job(args.job)
    options = job["torch"]
    if args.resume:
        job["resume"] = True
    if args.device:
        options["device"] = args.device
    if args.precision:
        options["precision"] = args.precision
    if args.fp32:
        options["precision"], options["channelsLast"] = "fp32", False
    if args.channels_last is not None:
        options["channelsLast"] = args.channels_last
    if args.workers is not None:
        options["workers"] = args.workers
    if args.max_steps is not None:
        options["maxSteps"] = args.max_steps
    from inception_torch.train import run
    return run(job)


if __name__ == "__main__":
    sys.exit(main())
