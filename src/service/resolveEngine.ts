import type { EngineChoice } from './api';

type ConfigInput = Record<string, unknown> & { engine?: unknown; torch?: unknown; backend?: unknown };

/**
 * A run config with `engine: "auto"` becomes one for the engine "Automatic" picks here, with the choice and
 * its reason under `engineChoice` (stored in config.json); any other config is returned as it is, so an
 * explicit engine always wins. Several processes or machines (`torch.distributed`) need PyTorch.
 */
export async function resolveEngine(configValue: unknown, chooseEngine: () => Promise<EngineChoice>): Promise<ConfigInput & { engine?: unknown }> {
  const config = (configValue ?? {}) as ConfigInput;
  if (config.engine !== 'auto') return config;
  const { engine: _auto, torch, backend, ...common } = config;
  if ((torch as { distributed?: unknown } | undefined)?.distributed) {
    const reason = 'PyTorch: several processes or machines (torchrun) need the PyTorch engine';
    return { ...common, engine: 'torch', torch, engineChoice: { requested: 'auto', engine: 'torch', device: 'auto', reason } };
  }
  const choice = await chooseEngine();
  const engineChoice = { requested: 'auto', engine: choice.engine, device: choice.device, reason: choice.reason };
  return choice.engine === 'torch'
    ? { ...common, engine: 'torch', ...(torch !== undefined && { torch }), engineChoice }
    : { ...common, engine: 'tfjs', ...(backend !== undefined && { backend }), engineChoice };
}
