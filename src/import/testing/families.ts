import { modernOnnx } from './modernOnnx';
import { torchvisionFile, torchvisionOnnx, type ExportOptions, type TorchvisionName } from './torchvision';

/**
 * One ONNX file (BatchNorm kept where the family has it) of one of torchvision's CNN families, torchvision's
 * trainable count, and what differs from torchvision's builder (`variant`) where something does.
 */
export interface FamilyFile { family: string; file: string; size: number; trainable: number; variant?: string }

const NARROW = "torchvision's trunk, adaptive pool to 1×1, classifier Linears 64 wide";
const SHALLOW_RESNET = "torchvision's ResNet class and Bottleneck blocks, 2, 1, 1, 1 blocks per stage";

/**
 * The 18 families of issue 20, each at the smallest input its export allows: 64×64 where the network ends in
 * global pooling; Inception-v3 needs 75×75 or more (107 is the file the import test writes). AlexNet and VGG pool
 * adaptively to 6×6 / 7×7, which torch exports only from 224×224, into 25088×4096 + 4096×4096 classifiers: here
 * their trunks are torchvision's, at an input whose trunk output is 1×1, pooled to 1×1, and their classifiers keep
 * their layers at 64 wide (`torchvisionOnnx.py`'s `narrow_head`). Only the BatchNorm-kept files are written.
 * Wide ResNet, ResNeXt, EfficientNetV2 and ConvNeXt are members of their families with fewer blocks, built from
 * torchvision's own classes and block settings (`torchvisionOnnx.py`'s `shallow_resnet`, `modernOnnx.py`'s
 * `shallow`): a fine-tuning goes through every kind of block they have, not through each repetition of it. The
 * full depth is imported elsewhere: ResNeXt-50 in torchvision.test.ts, EfficientNetV2-S and ConvNeXt-Tiny in
 * torchvisionModern.test.ts, and ResNet-50 (Wide ResNet-50-2 is it at twice the bottleneck width) here.
 */
const CLASSIC: { name: TorchvisionName; export: Required<Pick<ExportOptions, 'size'>> & ExportOptions; variant?: string }[] = [
  { name: 'alexnet_narrow', export: { size: 64 }, variant: NARROW },
  { name: 'vgg11_bn_narrow', export: { size: 32 }, variant: NARROW },
  { name: 'resnet50', export: { size: 64 } },
  { name: 'wide_resnet50_2_shallow', export: { size: 64 }, variant: `${SHALLOW_RESNET}, wide_resnet50_2's 128-wide bottlenecks` },
  { name: 'densenet121', export: { size: 64 } },
  { name: 'squeezenet1_0', export: { size: 64 } },
  { name: 'googlenet', export: { size: 64 } },
  { name: 'mobilenet_v2', export: { size: 64 } },
  { name: 'inception_v3', export: { size: 107, opset: 13 } },
  { name: 'resnext50_32x4d_shallow', export: { size: 64, opset: 17 }, variant: `${SHALLOW_RESNET}, resnext50_32x4d's 32 groups of 4` },
  { name: 'regnet_x_400mf', export: { size: 64, opset: 17 } },
];

const MODERN = ['efficientnet_b0', 'efficientnet_v2_s_shallow', 'mobilenet_v3_small', 'mnasnet0_5', 'regnet_y_400mf', 'shufflenet_v2_x0_5', 'convnext_shallow'];
const MODERN_VARIANTS: Record<string, string> = {
  efficientnet_v2_s_shallow: "torchvision's EfficientNet class, efficientnet_v2_s's stages with 2 blocks each",
  convnext_shallow: "torchvision's ConvNeXt class, convnext_tiny's stages with 1 block each",
};
const MODERN_SIZE = 64;

/** Writes (or finds) one file per family with the Python that has torch; null when none has torch and torchvision. */
export async function familyFiles(): Promise<FamilyFile[] | null> {
  // One Python process for all of them, each at its own size and opset; only the BatchNorm-kept files are read.
  const counts = await torchvisionOnnx(CLASSIC.map((c) => ({ name: c.name, ...c.export })), { modes: ['preserve'] });
  if (!counts) return null;
  const files: FamilyFile[] = CLASSIC.map((c) => ({ family: c.name, file: torchvisionFile(c.name, 'preserve', c.export), size: c.export.size, trainable: counts.get(c.name)!, variant: c.variant }));
  // ConvNeXt has no BatchNorm: its eval file (weights folded into constants), as the import test checks convnext_tiny.
  const modern = await modernOnnx(MODERN.map((name) => ({ name, mode: name === 'convnext_shallow' ? 'eval' : 'preserve', opset: 13 })), MODERN_SIZE);
  if (!modern) return null;
  return [...files, ...modern.map((m) => ({ family: m.name, file: m.file, size: MODERN_SIZE, trainable: m.trainable, variant: MODERN_VARIANTS[m.name] }))];
}
