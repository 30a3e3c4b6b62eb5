"""Validation metrics: loss, accuracy, top-5, confusion matrix and per-class precision/recall.

The same definitions as the TF.js engine's `src/infer/metrics.ts`; sums are all-reduced across ranks.
"""
import torch
import torch.nn.functional as F


class MetricsAccumulator:
    def __init__(self, classes, device):
        self.classes = classes
        k = len(classes)
        self.confusion = torch.zeros(k * k, dtype=torch.float64, device=device)
        self.sums = torch.zeros(3, dtype=torch.float64, device=device)  # count, top5, loss

    def add(self, logits, labels):
        logits = logits.float()
        k = len(self.classes)
        predicted = logits.argmax(1)
        self.confusion += torch.bincount(labels * k + predicted, minlength=k * k).to(torch.float64)
        top = logits.topk(min(5, k), dim=1).indices
        top5 = (top == labels.view(-1, 1)).any(1).sum()
        loss = F.cross_entropy(logits, labels, reduction="sum")
        self.sums += torch.stack((torch.tensor(float(labels.numel()), device=logits.device, dtype=torch.float64),
                                  top5.to(torch.float64), loss.to(torch.float64)))

    def all_reduce(self):
        import torch.distributed as dist
        if dist.is_available() and dist.is_initialized():
            dist.all_reduce(self.confusion)
            dist.all_reduce(self.sums)

    def count(self):
        return int(self.sums[0].item())

    def result(self):
        k = len(self.classes)
        confusion = self.confusion.view(k, k).round().to(torch.long).cpu().tolist()
        count, top5, loss = self.sums.cpu().tolist()
        n = max(count, 1)
        hits = sum(confusion[c][c] for c in range(k))
        per_class = []
        for c, name in enumerate(self.classes):
            support = sum(confusion[c])
            predicted = sum(row[c] for row in confusion)
            per_class.append({"name": name, "support": support,
                              "precision": confusion[c][c] / predicted if predicted else None,
                              "recall": confusion[c][c] / support if support else None})
        return {"count": int(count), "accuracy": hits / n, "top5": top5 / n, "loss": loss / n,
                "confusion": confusion, "perClass": per_class}
