import { frozenIds } from '../graph/freeze';
import type { GraphDoc } from '../graph/types';
import type { TorchModule } from '../torch/codegen';

/** What the runner keeps as it is: the frozen nodes, and the `Net` attributes of those that own weights. */
export interface FrozenModules {
  nodes: string[];
  /** `self.<name>` of each frozen node with a module (a block's sub-modules live under its attribute). */
  modules: string[];
}

/** The frozen nodes of a design and their generated modules. */
export function frozenModules(graph: Pick<GraphDoc, 'nodes'>, module: Pick<TorchModule, 'attributes'>): FrozenModules {
  const nodes = frozenIds(graph);
  return { nodes, modules: nodes.map((id) => module.attributes[id]).filter((name): name is string => Boolean(name)) };
}

/** True when some trainable tensor lies outside the frozen modules (else there is nothing to train). */
export function hasTrainableWeights(module: Pick<TorchModule, 'tensors'>, frozen: FrozenModules): boolean {
  const owners = new Set(frozen.modules);
  return module.tensors.some((t) => t.trainable && t.tfjs !== null && !owners.has(t.torch.split('.')[0]));
}
