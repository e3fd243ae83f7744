import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ENV, ROLES } from '../../shared/config/constants.ts';
import type { ConsoleConfig } from '../../shared/config/console-config.ts';

/** The managed login's address: a Cognito prefix domain, or a custom domain with its us-east-1 certificate. */
export type SignInDomain = { prefix: string } | { domainName: string; certificateArn: string };

/** The staff user pool's name, by which `npm run staff` finds it when no id is given. */
export const STAFF_USER_POOL_NAME = 'open-gov-challenge-staff';

/** The scopes the console asks for: who the person is, nothing to call Cognito's own APIs with. */
const CONSOLE_SCOPES = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];

/** Cognito prefix domains: lower-case letters, digits and hyphens, not starting or ending with a hyphen. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The Support Unit's staff accounts: the user pool, its `reviewer`/`admin` groups (which Cognito puts
 * in the tokens' `cognito:groups` claim, read by `shared/http/auth.ts`) and the managed login domain.
 * It lives in the stateful stack: accounts and their TOTP enrolments are state, kept across any
 * replacement of the stateless stack.
 */
export class StaffUserPool extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  /** Where managed login and the OAuth endpoints are served (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  readonly signInUrl: string;
  /** The tokens' `iss`. */
  readonly issuer: string;
  readonly jwksUrl: string;

  constructor(scope: Construct, id: string, props: { signInDomain: SignInDomain }) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Staff', {
      userPoolName: STAFF_USER_POOL_NAME,
      // Staff accounts are created by an admin (`npm run staff -- add`); nobody signs up for a review role.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff decide what is published in OGP's name: a stolen password alone must not be enough.
      // TOTP only (an authenticator app), enrolled in the managed login at first sign-in: SMS would
      // need an SNS role and is the weaker factor.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection (compromised-credential and adaptive sign-in checks) needs the Plus plan;
      // a staff pool has a few dozen users, so the per-user price is negligible.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of ROLES) {
      new UserPoolGroup(this, `${role[0]!.toUpperCase()}${role.slice(1)}Group`, {
        userPool: this.userPool,
        groupName: role,
        description: role === 'admin' ? 'Signs off cycles, manages the registry and the criteria, starts cycles by hand' : 'Reviews submissions and records decisions',
      });
    }

    const signInDomain = props.signInDomain;
    if ('prefix' in signInDomain && (!DOMAIN_PREFIX.test(signInDomain.prefix) || /aws|amazon|cognito/.test(signInDomain.prefix))) {
      throw new Error(`The sign-in domain prefix "${signInDomain.prefix}" must be lower-case letters, digits and hyphens (1–63), without "aws", "amazon" or "cognito"`);
    }
    this.domain = this.userPool.addDomain('SignIn', {
      // The newer managed login: it runs the whole first sign-in (temporary password, new password,
      // TOTP enrolment with a QR code) on its own pages.
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
      ...('prefix' in signInDomain
        ? { cognitoDomain: { domainPrefix: signInDomain.prefix } }
        : {
            customDomain: {
              domainName: signInDomain.domainName,
              certificate: Certificate.fromCertificateArn(this, 'SignInCertificate', signInDomain.certificateArn),
            },
          }),
    });
    this.signInUrl = this.domain.baseUrl();

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;
  }
}

export interface StaffConsoleClientProps {
  staff: StaffUserPool;
  /** The console's addresses (`https://<host>/console/`): its callback and sign-out URLs. */
  consoleUrls: readonly string[];
}

/**
 * The review console's app client: a public client (a single-page app cannot keep a secret) that
 * gets its tokens through managed login with the authorization code grant, and nothing else.
 * Cognito has no switch to require PKCE from a public client; the console always sends an S256
 * challenge, and without a client secret a stolen code is useless without the tab's verifier.
 */
export class StaffConsoleClient extends Construct {
  readonly client: UserPoolClient;
  private readonly staff: StaffUserPool;

  constructor(scope: Construct, id: string, props: StaffConsoleClientProps) {
    super(scope, id);
    this.staff = props.staff;
    const urls = [...props.consoleUrls];

    this.client = new UserPoolClient(this, 'Client', {
      userPool: props.staff.userPool,
      userPoolClientName: 'review-console',
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: CONSOLE_SCOPES,
        callbackUrls: urls,
        logoutUrls: urls,
      },
      // Managed login signs the password in with SRP, so the password never leaves the page; that is
      // the only direct flow. Token refresh happens at the token endpoint, with rotation (below),
      // which Cognito allows only without the REFRESH_TOKEN_AUTH flow.
      authFlows: { userSrp: true },
      refreshTokenRotationGracePeriod: Duration.seconds(10),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // A working day: after that, a reviewer signs in again (password and TOTP).
      refreshTokenValidity: Duration.hours(12),
      authSessionValidity: Duration.minutes(5),
    });

    // Managed login shows its pages only for clients with a style; Cognito's default style will do.
    new CfnManagedLoginBranding(this, 'ManagedLoginStyle', {
      userPoolId: props.staff.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }

  /** What the handlers need to verify the console's ID tokens themselves (`shared/http/auth.ts`). */
  get environment(): Record<string, string> {
    return {
      [ENV.jwtIssuer]: this.staff.issuer,
      [ENV.jwtJwksUrl]: this.staff.jwksUrl,
      [ENV.jwtAudience]: this.client.userPoolClientId,
    };
  }

  /** The console's `config.json` for a console served at `consoleUrl`, with the API at `apiBaseUrl`. */
  consoleConfig(apiBaseUrl: string, consoleUrl: string): ConsoleConfig {
    const signIn = this.staff.signInUrl;
    return {
      apiBaseUrl,
      auth: {
        authorizeUrl: `${signIn}/oauth2/authorize`,
        tokenUrl: `${signIn}/oauth2/token`,
        logoutUrl: `${signIn}/logout`,
        clientId: this.client.userPoolClientId,
        redirectUri: consoleUrl,
        scopes: CONSOLE_SCOPES.map((scope) => scope.scopeName),
      },
    };
  }
}
