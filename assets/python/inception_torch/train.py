"""The training loop of a run folder, with the TF.js engine's options, events, checkpoints and report.

One process, or one of several under torchrun (DistributedDataParallel; rank 0 alone writes events,
checkpoints and files). SIGINT/SIGTERM: finish the current batch, checkpoint, end with `stopped`.
"""
import io
import json
import math
import os
import shutil
import signal
import sys
import traceback

import torch
import torch.distributed as dist

from . import data as datasets
from . import elastic, finetune, safetensors
from .augment import InputPipeline
from .checkpoint import checkpoint_path, load_checkpoint_file, rng_state, save_checkpoint, set_rng_state
from .device import all_reduce_max, default_workers, setup as setup_device
from .events import EventLog, now
from .metrics import MetricsAccumulator
from .module import build_net
from .resize_phases import size_at
from .schedule import learning_rate_at


class NonFiniteLoss(Exception):
    pass


def _write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, ensure_ascii=False)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _physical_memory():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 * 2 ** 30


def _optimizer(net, spec, lr):
    decay = [p for p in net.parameters() if p.requires_grad and p.ndim >= 2]
    rest = [p for p in net.parameters() if p.requires_grad and p.ndim < 2]
    wd = float(spec["weightDecay"])
    # Like the TF.js engine: biases and BatchNorm parameters (rank < 2) are not decayed.
    groups = [g for g in ({"params": decay, "weight_decay": wd}, {"params": rest, "weight_decay": 0.0}) if g["params"]]
    kind = spec["type"]
    if kind == "sgd":
        momentum = float(spec["momentum"])
        return torch.optim.SGD(groups, lr=lr, momentum=momentum, nesterov=bool(spec["nesterov"]) and momentum > 0)
    betas = (float(spec["beta1"]), float(spec["beta2"]))
    eps = float(spec["epsilon"])
    if kind == "adam":
        return torch.optim.Adam(groups, lr=lr, betas=betas, eps=eps)
    if kind == "adamw":
        return torch.optim.AdamW(groups, lr=lr, betas=betas, eps=eps)
    raise ValueError(f"unknown optimizer {kind!r}; expected sgd, adam or adamw")


class ResumableSampler(torch.utils.data.distributed.DistributedSampler):
    """DistributedSampler's seeded, per-epoch shuffled share of the data for this rank."""

    def order(self, epoch):
        self.set_epoch(epoch)
        return list(super().__iter__())


class Trainer:
    def __init__(self, job, setup, events, stop):
        self.job = job
        self.cfg = job["config"]
        self.opts = job["torch"]
        self.setup = setup
        self.events = events
        self.stop = stop
        self.run_dir = job["runDir"]
        self.checkpoint_every = elastic.checkpoint_interval(self.opts)
        self.skipped = []
        self.seen_skipped = set()
        self.new_skipped = []
        self.state = {"epoch": 0, "batchInEpoch": 0, "step": 0, "bestValLoss": None, "bestValAccuracy": None,
                      "bestEpoch": None, "badEpochs": 0, "seconds": 0.0}

    # --- data -------------------------------------------------------------------------------------

    def note_skipped(self, entries):
        for entry in entries:
            if entry["path"] in self.seen_skipped:
                continue
            self.seen_skipped.add(entry["path"])
            self.skipped.append(entry)
            if self.setup.is_main:
                self.events.emit({"type": "skipped", "path": entry["path"], "reason": entry["reason"]})
            else:
                self.new_skipped.append(entry)

    def gather_skipped(self):
        """Rank 0 hears of the bad files the other ranks met, once an epoch."""
        if not self.setup.distributed:
            return
        lists = [None] * self.setup.world
        dist.all_gather_object(lists, self.new_skipped)
        self.new_skipped = []
        if self.setup.is_main:
            self.note_skipped([e for other in lists[1:] for e in other])

    def prepare_data(self, resume_state):
        d = self.cfg["data"]
        seed = int(self.cfg["seed"])
        inp = self.job["input"]
        synthetic = self.opts["synthetic"]
        lists = datasets.run_lists(self.job, resume_state.get("classes") if resume_state else None)
        train, val = lists["train"], lists["validation"]
        self.note_skipped(lists["skipped"])
        self.classes, self.train_samples, self.val_samples = lists["classes"], train, val
        self.empty_classes, self.split = lists["emptyClasses"], lists["split"]
        if len(self.classes) < 2:
            raise ValueError(f"training needs at least 2 classes with images; {d['dir']} has {len(self.classes)}")
        if not train:
            raise ValueError(f"no training images in {d['dir']}")

        spec = {"height": inp["height"], "width": inp["width"], "channels": inp["channels"], "resize": d["resize"]}
        mean, std = d["mean"], d["std"]
        if resume_state and resume_state.get("preprocessing"):
            mean, std = resume_state["preprocessing"]["mean"], resume_state["preprocessing"]["std"]
        self.workers = default_workers(self.setup, d["workers"] if self.opts["workers"] is None else self.opts["workers"])
        self.measured = False
        if (mean is None or std is None) and not synthetic:
            measured = [None]
            if self.setup.is_main:
                measured[0] = datasets.measure_mean_std(train, spec, seed, self.workers)
            if self.setup.distributed:
                dist.broadcast_object_list(measured, src=0)
            m, s, bad = measured[0]
            mean, std = mean or m, std or s
            self.note_skipped(bad)
            self.measured = True
        elif mean is None or std is None:
            mean, std = [0.5] * spec["channels"], [0.25] * spec["channels"]
        if len(mean) != spec["channels"] or len(std) != spec["channels"]:
            raise ValueError(f"data.mean and data.std need {spec['channels']} values (the Input node's channels), got {len(mean)} and {len(std)}")
        self.spec = {**spec, "mean": [float(v) for v in mean], "std": [float(v) for v in std]}

        limit = self.opts["cacheBytes"]
        if limit is None:
            limit = min(2 * 2 ** 30, _physical_memory() // 4)
        limit //= int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
        pin = self.setup.device.type == "cuda"
        world, rank = self.setup.world, self.setup.rank
        self.val_shard = self.val_samples[rank::world]

        def pixels_of(samples):
            if not synthetic:
                return None
            g = torch.Generator().manual_seed(seed)
            every = torch.randint(0, 256, (len(train) + len(val), spec["height"], spec["width"], spec["channels"]),
                                  dtype=torch.uint8, generator=g)
            return every[[int(p.split(":")[1]) for p, _ in samples]] if samples else None

        self.train_source = datasets.BatchSource(train, self.spec, self.workers, pin, limit, pixels_of(train))
        self.val_source = datasets.BatchSource(self.val_shard, self.spec, self.workers, pin, limit, pixels_of(self.val_shard))
        self.sampler = ResumableSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=seed)
        self.batch_size = int(self.cfg["batchSize"])
        preload = self.opts["preload"]
        if preload is None:
            # On the CPU decoding competes with training for the same cores; on a GPU it overlaps.
            preload = self.setup.device.type == "cpu"
        if preload:
            for source in (self.train_source, self.val_source):
                source.preload(max(self.batch_size, 64), self.note_skipped, lambda: self.stop["requested"])
        self.steps_per_epoch = math.ceil(len(self.sampler) / self.batch_size)

    def record_measured_normalisation(self):
        """Writes measured mean/std into the run's config.json, as the TF.js engine does."""
        path = os.path.join(self.run_dir, "config.json")
        if not (self.measured and self.setup.is_main and os.path.isfile(path)):
            return
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
        config.setdefault("data", {}).update(mean=self.spec["mean"], std=self.spec["std"])
        _write_json(path, config)

    # --- model ------------------------------------------------------------------------------------

    def build(self, fresh):
        """The net, optimizer and schedule; `fresh` (no checkpoint to resume) loads the fine-tuning weights."""
        seed = int(self.cfg["seed"])
        torch.manual_seed(seed)
        net, module = build_net(self.job["net"])
        outputs = getattr(module, "NUM_OUTPUTS", None)
        if isinstance(outputs, int) and outputs != len(self.classes):
            names = ", ".join(self.classes[:8]) + (", …" if len(self.classes) > 8 else "")
            raise ValueError(f"the design outputs {outputs} classes but the dataset has {len(self.classes)} ({names}); "
                             f"set the classifier's units to {len(self.classes)}")
        init = self.job["init"]
        self.init_record = finetune.read_record(init["record"]) if init else None
        if init and fresh:
            finetune.load_initial_weights(net, init["weights"])
        frozen = self.job["frozen"]
        self.frozen_nodes = frozen["nodes"]
        # Before DistributedDataParallel, which then registers only the parameters left trainable.
        self.frozen_parameters = finetune.freeze(net, frozen["modules"])
        if finetune.trainable_count(net) == 0:
            raise ValueError(f"every weight of the network is frozen ({', '.join(self.frozen_nodes)}); nothing to train")
        if hasattr(net, "probabilities"):
            net.probabilities = False  # the loop works on logits; the exported net.py keeps softmax at inference
        net.to(self.setup.device)
        if self.setup.channels_last:
            net.to(memory_format=torch.channels_last)
        self.net = net
        self.base_lr = float(self.cfg["lr"])
        self.optimizer = _optimizer(net, self.cfg["optimizer"], self.base_lr)
        self.lr_at = lambda step: learning_rate_at(step, self.base_lr, self.cfg["schedule"], float(self.cfg["warmupEpochs"]),
                                                   int(self.cfg["epochs"]), self.steps_per_epoch)
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimizer, lambda step: self.lr_at(step) / self.base_lr)
        self.scaler = self.setup.grad_scaler()
        self.criterion = torch.nn.CrossEntropyLoss(label_smoothing=float(self.cfg["labelSmoothing"]))
        self.model = net
        if self.setup.distributed:
            ids = [self.setup.device.index] if self.setup.device.type == "cuda" else None
            self.model = torch.nn.parallel.DistributedDataParallel(net, device_ids=ids)
        self.pipeline = InputPipeline(self.setup.device, self.spec["mean"], self.spec["std"], self.setup.channels_last,
                                      self.cfg["augment"], seed, self.setup.rank)

    def restore(self, ckpt):
        self.net.load_state_dict(ckpt["model"])
        self.optimizer.load_state_dict(ckpt["optimizer"])
        self.scheduler.load_state_dict(ckpt["scheduler"])
        if self.scaler is not None and ckpt.get("scaler"):
            self.scaler.load_state_dict(ckpt["scaler"])
        self.state.update(ckpt["state"])
        if self.setup.distributed:
            torch.manual_seed(int(self.cfg["seed"]) * 7919 + self.setup.rank * 104_729 + self.state["step"])
        else:
            set_rng_state(ckpt.get("rng"))

    def checkpoint(self, kind, event_kind):
        self.state["seconds"] = now() - self.started
        if self.setup.is_main:
            content = {"model": self.net.state_dict(), "state": dict(self.state), "preprocessing": self.spec,
                       "classes": self.classes, "epoch": self.state["epoch"], "step": self.state["step"]}
            if kind == "last":
                content.update(optimizer=self.optimizer.state_dict(), scheduler=self.scheduler.state_dict(),
                               scaler=self.scaler.state_dict() if self.scaler is not None else None, rng=rng_state())
            save_checkpoint(checkpoint_path(self.run_dir, kind), content)
            self.events.emit({"type": "checkpoint", "epoch": self.state["epoch"], "step": self.state["step"], "kind": event_kind})

    # --- loop -------------------------------------------------------------------------------------

    def evaluate(self):
        """Validation metrics over this rank's share, all-reduced; None without validation images."""
        if not self.val_samples:
            return None
        self.net.eval()
        acc_device = "cpu" if self.setup.device.type == "mps" else self.setup.device
        acc = MetricsAccumulator(self.classes, acc_device)
        indices = list(range(len(self.val_shard)))
        chunks = [indices[i:i + self.batch_size] for i in range(0, len(indices), self.batch_size)]
        with torch.no_grad():
            for batch in self.val_source.batches(chunks):
                self.note_skipped(batch["skipped"])
                if batch["x"] is None:
                    continue
                with self.setup.autocast():
                    logits = self.net(self.pipeline(batch["x"]))
                acc.add(logits.float().to(acc_device), batch["y"].to(acc_device))
        acc.all_reduce()
        return acc.result() if acc.count() else None

    def train_epoch(self):
        """Trains the rest of the current epoch; returns (loss, accuracy, images seen) or None when stopped."""
        setup, state, bs = self.setup, self.state, self.batch_size
        epoch = state["epoch"]
        order = self.sampler.order(epoch)[state["batchInEpoch"] * bs:]
        chunks = [order[i:i + bs] for i in range(0, len(order), bs)]
        # A stop asked for before this epoch's first batch (while preloading, or validating).
        if all_reduce_max(self.stop["requested"], setup):
            return None
        self.model.train()
        sums = torch.zeros(3, dtype=torch.float64, device=setup.device if setup.device.type != "mps" else "cpu")
        lag = setup.device.type != "cpu"  # read the loss one step late, so the GPU never waits for Python
        pending = None
        max_steps = self.opts["maxSteps"]
        size = size_at(self.cfg.get("progressiveResize"), epoch, self.job["input"]["height"], self.job["input"]["width"])
        for batch in self.train_source.batches(chunks):
            self.note_skipped(batch["skipped"])
            if batch["x"] is None:
                state["batchInEpoch"] += 1
                continue
            lr = self.optimizer.param_groups[0]["lr"]
            x = self.pipeline(batch["x"], train=True, epoch=epoch, step=state["step"], size=size)
            y = batch["y"].to(setup.device, non_blocking=True)
            with setup.autocast():
                logits = self.model(x)
            loss = self.criterion(logits.float(), y)
            self.optimizer.zero_grad(set_to_none=True)
            if self.scaler is not None:
                self.scaler.scale(loss).backward()
                self.scaler.step(self.optimizer)
                self.scaler.update()
            else:
                loss.backward()
                self.optimizer.step()
            self.scheduler.step()
            n = y.numel()
            correct = (logits.detach().argmax(1) == y).sum()
            step_sums = torch.stack((loss.detach().float() * n, correct.float(), torch.full((), float(n), device=y.device)))
            sums += step_sums.to(sums.device, torch.float64)
            item = (state["step"], epoch, loss.detach(), correct, n, lr)
            state["step"] += 1
            state["batchInEpoch"] += 1
            self.session_steps += 1
            if lag:
                self.flush(pending)
                pending = item
            else:
                self.flush(item)
            if self.checkpoint_every and state["step"] % self.checkpoint_every == 0 and state["batchInEpoch"] < self.steps_per_epoch:
                self.checkpoint("last", "last")
            wants_stop = self.stop["requested"] or (max_steps is not None and self.session_steps >= max_steps)
            if all_reduce_max(wants_stop, setup):
                self.flush(pending)
                return None
        self.flush(pending)
        if setup.distributed:
            dist.all_reduce(sums)
        loss_sum, correct, seen = sums.tolist()
        return loss_sum / max(seen, 1), correct / max(seen, 1), seen

    def flush(self, item):
        if item is None:
            return
        step, epoch, loss, correct, n, lr = item
        value = loss.item()
        if not math.isfinite(value):
            raise NonFiniteLoss(f"the training loss became {value} at step {step} (epoch {epoch}); lower the learning rate "
                                f"(now {lr:g}) or use plain fp32 precision")
        t = now()
        instant = n * self.setup.world / max(t - self.last_batch_time, 1e-6)
        self.last_batch_time = t
        self.rate = 0.9 * self.rate + 0.1 * instant if self.rate else instant
        steps_left = int(self.cfg["epochs"]) * self.steps_per_epoch - (step + 1)
        self.events.emit({"type": "batch", "epoch": epoch, "step": step, "loss": value, "accuracy": int(correct.item()) / n,
                          "lr": lr, "imagesPerSecond": self.rate,
                          "etaSeconds": steps_left * self.batch_size * self.setup.world / max(self.rate, 1e-6)})

    def last_checkpoint(self):
        """The checkpoint to resume from: asked for, or after torchrun restarted the group. Rank 0 reads it
        and sends it to the others, so other nodes need not share the run folder's disk."""
        last = checkpoint_path(self.run_dir, "last")
        wanted = self.job["resume"] or elastic.restart_count() > 0
        if not self.setup.distributed:
            return load_checkpoint_file(last) if wanted and os.path.isfile(last) else None
        content = [None]
        if self.setup.is_main and wanted and os.path.isfile(last):
            with open(last, "rb") as f:
                content[0] = f.read()
        dist.broadcast_object_list(content, src=0)
        if content[0] is None:
            return None
        return load_checkpoint_file(io.BytesIO(content[0]))

    def run(self):
        cfg, state, setup = self.cfg, self.state, self.setup
        ckpt = self.last_checkpoint()
        self.prepare_data(ckpt)
        self.build(fresh=ckpt is None)
        if ckpt is not None:
            self.restore(ckpt)
        else:
            self.record_measured_normalisation()
        epochs = int(cfg["epochs"])
        restart = elastic.restart_info(self.run_dir) if setup.is_main else None
        tuning = finetune.describe(self.init_record, self.frozen_nodes)
        backend = f"{setup.describe()}; {tuning}" if tuning else setup.describe()
        self.events.emit({"type": "start", "engine": "torch", "backend": backend, "classes": self.classes,
                          "trainSize": len(self.train_samples), "valSize": len(self.val_samples), "epochs": epochs,
                          "stepsPerEpoch": self.steps_per_epoch, "fromEpoch": state["epoch"], **finetune.start_fields(self.init_record),
                          **({"fromStep": state["step"], "restart": restart} if restart else {})})
        self.started = now() - state["seconds"]
        self.session_steps = 0
        self.rate = 0.0
        self.last_batch_time = now()
        status = "completed"
        while state["epoch"] < epochs:
            epoch_start = now()
            result = self.train_epoch()
            self.gather_skipped()
            if result is None:
                self.checkpoint("last", "stop")
                status = "stopped"
                break
            loss, accuracy, seen = result
            val = self.evaluate()
            self.gather_skipped()
            val_loss = val["loss"] if val else None
            early = cfg["earlyStopping"]
            min_delta = early["minDelta"] if early else 0
            improved = val_loss is not None and (state["bestValLoss"] is None or val_loss < state["bestValLoss"] - min_delta)
            best = True if val_loss is None else improved
            if best:
                state.update(bestValLoss=val_loss, bestValAccuracy=val["accuracy"] if val else None, bestEpoch=state["epoch"], badEpochs=0)
            else:
                state["badEpochs"] += 1
            seconds = now() - epoch_start
            finished = state["epoch"]
            state["epoch"] += 1
            state["batchInEpoch"] = 0
            self.events.emit({"type": "epoch", "epoch": finished, "loss": loss, "accuracy": accuracy, "valLoss": val_loss,
                              "valAccuracy": val["accuracy"] if val else None, "lr": self.lr_at(max(state["step"] - 1, 0)),
                              "imagesPerSecond": seen / max(seconds, 1e-6), "seconds": seconds,
                              "etaSeconds": seconds * (epochs - state["epoch"]), "best": best})
            if best:
                self.checkpoint("best", "best")
            self.checkpoint("last", "last")
            if early and state["badEpochs"] >= int(early["patience"]):
                status = "early-stopped"
                break
            self.last_batch_time = now()
        metrics = None
        if status != "stopped":
            metrics = self.finish()
        self.state["seconds"] = now() - self.started
        if setup.is_main:
            _write_json(os.path.join(self.run_dir, "report.json"), self.report(status, metrics))
        self.events.emit({"type": "end", "status": status, "epochsDone": state["epoch"],
                          "bestValAccuracy": state["bestValAccuracy"], "bestValLoss": state["bestValLoss"]})
        return status

    def finish(self):
        """Loads the best weights, evaluates them and exports model/ (rank 0)."""
        if self.setup.distributed:
            dist.barrier()
        best = checkpoint_path(self.run_dir, "best")
        if os.path.isfile(best):
            self.net.load_state_dict(load_checkpoint_file(best)["model"])
        metrics = self.evaluate()
        if self.setup.is_main:
            model_dir = os.path.join(self.run_dir, "model")
            os.makedirs(model_dir, exist_ok=True)
            shutil.copyfile(self.job["net"], os.path.join(model_dir, "net.py"))
            safetensors.save(self.net.state_dict(), os.path.join(model_dir, "weights.safetensors"),
                             {"format": "pytorch state_dict", "classes": json.dumps(self.classes)})
            _write_json(os.path.join(model_dir, "labels.json"), self.classes)
            _write_json(os.path.join(model_dir, "preprocessing.json"), self.spec)
            graph = self.job["graph"]
            if graph and os.path.isfile(graph):
                shutil.copyfile(graph, os.path.join(model_dir, "graph.json"))
        return metrics

    def report(self, status, metrics):
        s = self.state
        return {
            "status": status, "engine": "torch", "classes": self.classes, "backend": self.setup.describe(),
            "torch": torch.__version__, "device": str(self.setup.device), "precision": self.setup.precision,
            "channelsLast": self.setup.channels_last, "processes": self.setup.world,
            "epochsDone": s["epoch"], "bestEpoch": s["bestEpoch"], "bestValLoss": s["bestValLoss"],
            "bestValAccuracy": s["bestValAccuracy"], "seconds": s["seconds"],
            "counts": datasets.counts(self.classes, self.train_samples, self.val_samples), "split": self.split,
            "preprocessing": self.spec, "emptyClasses": self.empty_classes, "validation": metrics,
            "skipped": datasets.skipped_report(self.skipped),
            **({"init": self.init_record} if self.init_record else {}),
            **({"frozen": {"nodes": self.frozen_nodes, "parameters": self.frozen_parameters}} if self.frozen_nodes else {}),
        }


SETUP_FILE = "torch-setup.json"


def _options_for(job):
    """The job's device options; a resumed (or torchrun-restarted) CPU run keeps the precision its first session
    measured and chose."""
    options = dict(job["torch"])
    path = os.path.join(job["runDir"], SETUP_FILE)
    if (job["resume"] or elastic.restart_count() > 0) and os.path.isfile(path):
        with open(path) as f:
            before = json.load(f)
        if before.get("device") == "cpu":
            options["cpuAutoPrecision"] = before.get("precision")
            options["cpuAutoChannelsLast"] = before.get("channelsLast")
    return options


def run(job):
    """Runs one job; returns the process exit code."""
    stop = {"requested": False}

    def on_signal(_signum, _frame):
        stop["requested"] = True

    previous = signal.signal(signal.SIGINT, on_signal), signal.signal(signal.SIGTERM, on_signal)
    events = None
    trainer = None
    try:
        setup = setup_device(_options_for(job))
        os.makedirs(job["runDir"], exist_ok=True)
        if setup.is_main:
            _write_json(os.path.join(job["runDir"], SETUP_FILE),
                        {"device": setup.device.type, "precision": setup.precision, "channelsLast": setup.channels_last})
        events = EventLog(os.path.join(job["runDir"], "metrics.jsonl"), setup.is_main, lambda: stop.update(requested=True),
                          announce=setup.local_rank == 0)
        trainer = Trainer(job, setup, events, stop)
        trainer.run()
        return 0
    except Exception as error:  # noqa: BLE001 - every failure ends the run with a `failed` event
        traceback.print_exc(file=sys.stderr)
        if events is None:
            events = EventLog(os.path.join(job["runDir"], "metrics.jsonl"), int(os.environ.get("RANK", "0")) == 0, lambda: None)
        state = trainer.state if trainer else {}
        message = str(error) if isinstance(error, (ValueError, NonFiniteLoss, FileNotFoundError)) else f"{type(error).__name__}: {error}"
        if dist.is_available() and dist.is_initialized():
            rank = dist.get_rank()
            if rank != 0:
                elastic.publish_failure(rank, message)
            else:
                reasons = elastic.collect_failures(dist.get_world_size(), message)
                message = "; ".join(reasons)
                if elastic.restarts_left() > 0:
                    elastic.remember_failure(job["runDir"], reasons)
        if elastic.restarts_left() > 0:
            # torchrun restarts the group, which resumes from the last checkpoint; this attempt has no end.
            return 1
        events.emit({"type": "end", "status": "failed", "epochsDone": state.get("epoch", 0),
                     "bestValAccuracy": state.get("bestValAccuracy"), "bestValLoss": state.get("bestValLoss"), "message": message})
        return 1
    finally:
        if events is not None:
            events.close()
        if dist.is_available() and dist.is_initialized():
            dist.destroy_process_group()
        signal.signal(signal.SIGINT, previous[0])
        signal.signal(signal.SIGTERM, previous[1])
