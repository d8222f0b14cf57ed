import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mongoUriSecrets, redactMongoUri, scrubSecrets } from '../../../src/models/mongo/redact-uri.js';

describe('redactMongoUri', () => {
  it('replaces the password and keeps user, hosts and options when the URI has credentials', () => {
    expect(redactMongoUri('mongodb://bot:s3cret@db1:27017,db2:27017/incidents?replicaSet=rs0')).toBe(
      'mongodb://bot:****@db1:27017,db2:27017/incidents?replicaSet=rs0',
    );
    expect(redactMongoUri('mongodb+srv://bot:s3cret@cluster0.example.net/app')).toBe(
      'mongodb+srv://bot:****@cluster0.example.net/app',
    );
  });

  it('returns the URI unchanged when it has no password', () => {
    for (const uri of ['mongodb://127.0.0.1:27017/x', 'mongodb://bot@db1/x', 'mongodb://db1/x?appName=a@b', 'nope']) {
      expect(redactMongoUri(uri)).toBe(uri);
    }
  });

  it('hides the whole password when it holds unescaped ":", "/" or "@"', () => {
    expect(redactMongoUri('mongodb://bot:a:b/c@d@db1/x?w=majority')).toBe('mongodb://bot:****@db1/x?w=majority');
  });

  it('never leaks a generated password when it is percent-encoded into the URI', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (raw) => {
        const password = `PW${raw}`;
        const uri = `mongodb://bot:${encodeURIComponent(password)}@db1:27017/x?authSource=admin`;
        const shown = redactMongoUri(uri);
        expect(shown).toBe('mongodb://bot:****@db1:27017/x?authSource=admin');
        expect(mongoUriSecrets(uri)).toContain(password);
      }),
    );
  });
});

describe('scrubSecrets', () => {
  it('removes the raw and the decoded password when a driver message repeats it', () => {
    const uri = 'mongodb://bot:p%40ss%2Fw0rd@db1/x';
    expect(scrubSecrets('auth failed for p%40ss%2Fw0rd (p@ss/w0rd)', uri)).toBe('auth failed for **** (****)');
  });

  it('leaves the message alone when the URI has no password', () => {
    expect(scrubSecrets('connect ECONNREFUSED 127.0.0.1:1', 'mongodb://127.0.0.1:1/x')).toBe(
      'connect ECONNREFUSED 127.0.0.1:1',
    );
  });
});
