/**
 * Python names for a design's nodes: module attributes (`self.conv1`) and forward-pass variables,
 * derived from node ids so both engines name their layers the same way. Pure; runs anywhere.
 */

import { LAYERS } from '../layers/catalog';

const PYTHON_KEYWORDS = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
];

/**
 * Attributes every `nn.Module` already has (torch 1.13 to 2.x). A submodule stored under one of these
 * names would be shadowed by the method (`self.train`), so such ids get a trailing underscore.
 */
const MODULE_ATTRIBUTES = [
  'T_destination', 'add_module', 'apply', 'bfloat16', 'buffers', 'call_super_init', 'children', 'compile', 'cpu',
  'cuda', 'double', 'dump_patches', 'eval', 'extra_repr', 'float', 'forward', 'get_buffer', 'get_extra_state',
  'get_parameter', 'get_submodule', 'half', 'ipu', 'load_state_dict', 'modules', 'mtia', 'named_buffers',
  'named_children', 'named_modules', 'named_parameters', 'parameters', 'register_backward_hook', 'register_buffer',
  'register_forward_hook', 'register_forward_pre_hook', 'register_full_backward_hook',
  'register_full_backward_pre_hook', 'register_load_state_dict_post_hook', 'register_load_state_dict_pre_hook',
  'register_module', 'register_parameter', 'register_state_dict_post_hook', 'register_state_dict_pre_hook',
  'requires_grad_', 'set_extra_state', 'set_submodule', 'share_memory', 'state_dict', 'to', 'to_empty', 'train',
  'training', 'type', 'xpu', 'zero_grad',
  // Our own class attribute (see codegen).
  'probabilities',
];

/** Names the generated module itself uses (block helpers included), and builtins worth not shadowing. */
const HELPERS = LAYERS.flatMap((layer) => (layer.composite ? layer.torch.helpers.map((h) => h.name) : []));
const MODULE_GLOBALS = ['torch', 'nn', ...HELPERS, 'Net', 'INPUT_SHAPE', 'NUM_OUTPUTS', 'DESIGN_NAME'];
const BUILTINS = [
  'abs', 'all', 'any', 'bool', 'dict', 'dir', 'filter', 'format', 'hash', 'id', 'input', 'int', 'iter', 'len', 'list',
  'map', 'max', 'min', 'next', 'object', 'open', 'print', 'range', 'round', 'set', 'slice', 'str', 'sum', 'super',
  'tuple', 'type', 'vars', 'zip',
];

const RESERVED_ATTRIBUTES = new Set([...PYTHON_KEYWORDS, ...MODULE_ATTRIBUTES]);
const RESERVED_LOCALS = new Set([...PYTHON_KEYWORDS, ...MODULE_GLOBALS, ...BUILTINS, 'self', 'x']);

/** Gives each id a unique Python name, adding `_` to reserved words and `_2`, `_3`… to repeats. */
class NameTable {
  private readonly taken = new Set<string>();
  private readonly byId = new Map<string, string>();

  constructor(private readonly reserved: ReadonlySet<string>) {}

  name(id: string): string {
    const known = this.byId.get(id);
    if (known) return known;
    // Names starting with an underscore would meet nn.Module's private attributes (`_modules`).
    let base = id.startsWith('_') ? `n${id}` : id;
    if (this.reserved.has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    this.byId.set(id, name);
    return name;
  }
}

/** Module attribute names (`self.<name>`) for node ids, unique and safe on any nn.Module. */
export const attributeNames = (): NameTable => new NameTable(RESERVED_ATTRIBUTES);

/** Local variable names for the forward pass; `x` is kept for the value flowing down a chain. */
export const localNames = (): NameTable => new NameTable(RESERVED_LOCALS);

export type { NameTable };
