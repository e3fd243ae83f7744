import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolGroup,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ENV, ROLES } from '../../shared/config/constants.ts';

/**
 * Sign-in for the Support Unit's reviewers and admins. Roles are Cognito groups, which Cognito puts
 * in the ID token's `cognito:groups` claim; the handlers read them from there (`shared/http/auth.ts`).
 */
export class StaffAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** The ID token's `iss`. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /** The ID token's `aud`: the app client id. */
  readonly audience: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Staff', {
      // Staff accounts are created by an admin; nobody signs themselves up for a review role.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff decide what is published in OGP's name: a stolen password alone must not be enough.
      // TOTP only: SMS would need an SNS role and is the weaker factor.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection (compromised-credential and adaptive sign-in checks) needs the Plus plan;
      // a staff pool has a few dozen users, so the per-user price is negligible.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      // Accounts and MFA enrolments are state: a stack replacement must not wipe them.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of ROLES) {
      new UserPoolGroup(this, `${role[0]!.toUpperCase()}${role.slice(1)}Group`, {
        userPool: this.userPool,
        groupName: role,
        description: role === 'admin' ? 'Signs off cycles, manages the registry, starts cycles by hand' : 'Reviews submissions and records decisions',
      });
    }

    // A single-page review console signs in with SRP and sends the ID token as a bearer token.
    this.client = this.userPool.addClient('ReviewConsole', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;
    this.audience = this.client.userPoolClientId;
  }

  /** What the handlers need to verify an ID token themselves. */
  get environment(): Record<string, string> {
    return {
      [ENV.jwtIssuer]: this.issuer,
      [ENV.jwtJwksUrl]: this.jwksUrl,
      [ENV.jwtAudience]: this.audience,
    };
  }
}
