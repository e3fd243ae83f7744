/** asl-validator ships no type declarations; this is the part of its API the infra tests use. */
declare module 'asl-validator' {
  interface ValidationOptions {
    checkArn?: boolean;
    checkPaths?: boolean;
  }
  interface ValidationResult {
    isValid: boolean;
    errorsText(separator?: string): string;
    errors: unknown[];
  }
  export default function validator(definition: unknown, options?: ValidationOptions): ValidationResult;
}
