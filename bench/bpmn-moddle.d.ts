// bpmn-moddle ships types for its meta-model only (`bpmn-moddle/types`), not for the class.
// The part the benchmarks use:
declare module 'bpmn-moddle' {
  export interface ParseResult {
    readonly rootElement: unknown;
    readonly references: readonly unknown[];
    readonly warnings: readonly Error[];
    readonly elementsById: Readonly<Record<string, unknown>>;
  }
  export class BpmnModdle {
    constructor(packages?: object, options?: object);
    fromXML(xml: string, typeName?: string, options?: object): Promise<ParseResult>;
  }
}
