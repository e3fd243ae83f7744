import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type OpenGovChallengeApp } from '../../infra/app.ts';
import { STACK_IDS, SYNTH_ONLY_CONTEXT } from '../../infra/settings.ts';

/** Synthesizing takes seconds: each test file does it once, in `beforeAll`, with this timeout. */
export const SYNTH_TIMEOUT_MS = 90_000;

export interface Synthesized extends OpenGovChallengeApp {
  statefulTemplate: Template;
  statelessTemplate: Template;
}

/** Apps synthesized by this worker, by options: unit files share a worker's modules (`isolate: false`). */
const synthesized = new Map<string, Synthesized>();

/**
 * The deployable app, synthesized without esbuild bundling (fast, and independent of whether every
 * handler exists yet). Templates are read from the cloud assembly, so the app is synthesized once
 * per set of options in a worker, and every file that asks for the same app gets that one: tests
 * read it, none changes it.
 */
export function synthesizeApp(options: { nag?: boolean; context?: Record<string, unknown> } = {}): Synthesized {
  const key = JSON.stringify(options);
  const done = synthesized.get(key) ?? synthesize(options);
  synthesized.set(key, done);
  return done;
}

function synthesize(options: { nag?: boolean; context?: Record<string, unknown> }): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'ogc-infra-test-'));
  try {
    const built = buildApp({
      nag: options.nag ?? false,
      outdir,
      context: { ...SYNTH_ONLY_CONTEXT, ...options.context, 'aws:cdk:bundling-stacks': [] },
    });
    const assembly = built.app.synth();
    return {
      ...built,
      statefulTemplate: Template.fromJSON(assembly.getStackByName(STACK_IDS.stateful).template),
      statelessTemplate: Template.fromJSON(assembly.getStackByName(STACK_IDS.stateless).template),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export type Resources = Record<string, { Type: string; Properties?: any; Metadata?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/**
 * A state machine's `DefinitionString` is an `Fn::Join` over literal strings and intrinsic tokens
 * (function ARNs, the partition). Replacing each token by a placeholder string gives parseable ASL.
 */
export function resolveDefinition(definitionString: unknown): any {
  if (typeof definitionString === 'string') return JSON.parse(definitionString);
  const join = (definitionString as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`Unexpected DefinitionString ${JSON.stringify(definitionString)}`);
  const text = join[1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      if (getAtt) return `arn:placeholder:${getAtt[0]}`;
      const ref = (part as { Ref?: string }).Ref;
      return ref ? `placeholder-${ref}` : 'placeholder';
    })
    .join(join[0]);
  return JSON.parse(text);
}

/** Definitions by the `ogc:state-machine` metadata name (`ReviewCycle`, `ReviewDecision`). */
export function stateMachineDefinitions(template: Template): Map<string, any> {
  const definitions = new Map<string, any>();
  for (const resource of Object.values(resourcesOfType(template, 'AWS::StepFunctions::StateMachine'))) {
    definitions.set(resource.Metadata?.['ogc:state-machine'], resolveDefinition(resource.Properties.DefinitionString));
  }
  return definitions;
}

/** Every state of an ASL definition, including those inside Parallel branches, by name. */
export function allStates(definition: any): Map<string, any> {
  const states = new Map<string, any>();
  const visit = (machine: any) => {
    for (const [name, state] of Object.entries<any>(machine.States)) {
      states.set(name, state);
      for (const branch of state.Branches ?? []) visit(branch);
      if (state.ItemProcessor) visit(state.ItemProcessor);
      if (state.Iterator) visit(state.Iterator);
    }
  };
  visit(definition);
  return states;
}
