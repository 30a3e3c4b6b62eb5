import { ImportError } from '../errors';
import { toNumber, type OnnxTypes } from './proto';

/** Typed access to a node's attributes, with its name in every error. */
export class Attributes {
  private readonly byName: Map<string, OnnxTypes.IAttributeProto>;
  constructor(private readonly node: OnnxTypes.INodeProto, private readonly where: string) {
    this.byName = new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  int(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a ? toNumber(a.i) : fallback;
  }

  float(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a ? a.f ?? 0 : fallback;
  }

  ints(name: string, fallback: number[]): number[] {
    const a = this.byName.get(name);
    return a ? (a.ints ?? []).map(toNumber) : fallback;
  }

  string(name: string, fallback: string): string {
    const a = this.byName.get(name);
    return a?.s ? new TextDecoder().decode(a.s) : fallback;
  }

  tensor(name: string): OnnxTypes.ITensorProto | null {
    return this.byName.get(name)?.t ?? null;
  }

  /** Refuses attributes other than those listed, so nothing the mapping ignores can change the result. */
  only(names: string[]): void {
    const extra = [...this.byName.keys()].filter((n) => !names.includes(n));
    if (extra.length) throw new ImportError(`${this.where}: attribute(s) ${extra.join(', ')} are not supported`);
  }

  get opType(): string {
    return this.node.opType ?? '';
  }
}
