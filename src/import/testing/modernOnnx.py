"""torchvision's newer CNN families with their default random initialisation (no download), built at an input
side (`build`) for `onnxFiles.py` to export (these networks end in adaptive pooling, so small inputs keep the tests
fast). vit_tiny, swin_tiny and maxvit_tiny are one-stage versions of ViT, Swin and MaxViT (attention
models the importer refuses), small enough to export in a second; shuffle_tiny is
torchvision's channel_shuffle between convolutions; convnext_shallow and efficientnet_v2_s_shallow are
ConvNeXt-Tiny and EfficientNetV2-S with fewer blocks per stage (`shallow`).
"""
import torch
import torchvision


class ShuffleTiny(torch.nn.Module):
    """Convolutions around torchvision's own channel_shuffle (ShuffleNetV2's, 3 groups), ending in a classifier."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 12, 3, stride=2, padding=1)
        self.conv2 = torch.nn.Conv2d(12, 12, 3, padding=1, groups=3)
        self.fc = torch.nn.Linear(12, 5)

    def forward(self, x):
        from torchvision.models.shufflenetv2 import channel_shuffle
        x = channel_shuffle(torch.relu(self.conv1(x)), 3)
        x = channel_shuffle(self.conv2(x), 4)
        return self.fc(x.mean((2, 3)))


def shallow(name):
    """torchvision's ConvNeXt and EfficientNet classes with convnext_tiny's and efficientnet_v2_s's stages (widths,
    strides, expansions, normalisation) and fewer blocks: one per ConvNeXt stage (its blocks are all alike; the
    downsampling layers sit between stages) and two per EfficientNetV2 stage (the stage's first block and one with
    its residual connection)."""
    from functools import partial
    from torchvision.models.convnext import CNBlockConfig, ConvNeXt
    from torchvision.models.efficientnet import EfficientNet, FusedMBConvConfig, MBConvConfig
    if name == "convnext_shallow":
        return ConvNeXt([CNBlockConfig(96, 192, 1), CNBlockConfig(192, 384, 1), CNBlockConfig(384, 768, 1), CNBlockConfig(768, None, 1)],
                        stochastic_depth_prob=0.1)
    stages = [FusedMBConvConfig(1, 3, 1, 24, 24, 2), FusedMBConvConfig(4, 3, 2, 24, 48, 2), FusedMBConvConfig(4, 3, 2, 48, 64, 2),
              MBConvConfig(4, 3, 2, 64, 128, 2), MBConvConfig(6, 3, 1, 128, 160, 2), MBConvConfig(6, 3, 2, 160, 256, 2)]
    return EfficientNet(stages, dropout=0.2, norm_layer=partial(torch.nn.BatchNorm2d, eps=1e-03), last_channel=1280)


def build(name, size):
    if name in ("convnext_shallow", "efficientnet_v2_s_shallow"):
        return shallow(name)
    if name == "shuffle_tiny":
        return ShuffleTiny()
    if name == "vit_tiny":
        from torchvision.models.vision_transformer import VisionTransformer
        return VisionTransformer(image_size=size, patch_size=16, num_layers=1, num_heads=2, hidden_dim=16, mlp_dim=32, num_classes=5)
    if name == "swin_tiny":
        from torchvision.models.swin_transformer import SwinTransformer
        return SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[1, 1], num_heads=[1, 2], window_size=[2, 2], num_classes=5)
    if name == "maxvit_tiny":
        from torchvision.models.maxvit import MaxVit
        return MaxVit(input_size=(size, size), stem_channels=8, partition_size=2, block_channels=[16], block_layers=[1], head_dim=8,
                      stochastic_depth_prob=0.0, num_classes=5)
    return getattr(torchvision.models, name)(weights=None)

