import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** An RSA signing key with the JWK Teams' key endpoint would publish for it. */
export interface TestSigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

/** A fresh RS256 key pair; `kid` names it in the token header and the JWKS. */
export function aSigningKey(kid: string): TestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' } };
}

const b64url = (v: object | Buffer): string =>
  (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

/** Signs a JWT (RS256) with the key; the claims are taken as given. */
export function signToken(key: TestSigningKey, claims: Record<string, unknown>): string {
  const head = `${b64url({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(head).sign(key.privateKey);
  return `${head}.${b64url(signature)}`;
}

/** Claims of a Bot Framework channel token for `appId`, valid for an hour from `nowSec`. */
export function botFrameworkClaims(appId: string, serviceUrl: string, nowSec = Math.floor(Date.now() / 1000)) {
  return {
    iss: 'https://api.botframework.com',
    aud: appId,
    serviceurl: serviceUrl,
    nbf: nowSec - 60,
    iat: nowSec - 60,
    exp: nowSec + 3600,
  };
}
