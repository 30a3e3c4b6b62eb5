/**
 * The module a node belongs to, from the node name PyTorch's exporter writes (`/layer3/layer3.0/conv1/Conv`
 * -> `layer3.0.conv1`): the path without its last part (the operator), each part that only repeats the
 * start of the next (`layer3` before `layer3.0`) left out. Null for a name that is not such a path, or
 * that names no module (`/Flatten`).
 */
export function moduleName(nodeName: string): string | null {
  if (!nodeName.startsWith('/')) return null;
  const parts = nodeName.split('/').filter(Boolean).slice(0, -1);
  const kept = parts.filter((part, i) => !(parts[i + 1]?.startsWith(`${part}.`)));
  return kept.length ? kept.join('.') : null;
}

/** Exporter-made initializer names (`onnx::Conv_223`, BatchNorm folded into a Conv) name no module. */
export function isGeneratedName(name: string): boolean {
  return name.startsWith('onnx::');
}
