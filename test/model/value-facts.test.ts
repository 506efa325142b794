import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CREDENTIAL_FACTS, classifyValue } from '../../functions/model/value-facts.js';

const credential = (value: string, name: string) => CREDENTIAL_FACTS.has(classifyValue(value, name));

describe('classifyValue: names that point at a credential', () => {
  test('the EKS Pod Identity and IRSA webhook env vars are no credentials', () => {
    for (const [name, value] of [
      ['AWS_WEB_IDENTITY_TOKEN_FILE', '/var/run/secrets/eks.amazonaws.com/serviceaccount/token'],
      [
        'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
        '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token',
      ],
      ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'http://169.254.170.23/v1/credentials'],
      ['AWS_ROLE_ARN', 'arn:aws:iam::111122223333:role/app'],
    ]) {
      assert.equal(credential(value, name), false, name);
    }
  });

  test('a file, path, directory or object name is where a credential is, whatever its form', () => {
    for (const [name, value] of [
      ['API_TOKEN_FILE', 'secrets/api-token'],
      ['API_TOKEN_FILE', 'token.txt'],
      ['VAULT_TOKEN_PATH', './vault/token'],
      ['TOKEN_DIR', 'var/run/tokens/'],
      ['DB_PASSWORD_SECRET_NAME', 'db-credentials'],
      ['tls.secretRef', 'ingress-tls'],
      ['token_file', 'C:\\secrets\\token'],
    ]) {
      assert.equal(credential(value, name), false, `${name}=${value}`);
    }
  });

  test('a URL is a location, unless it carries a password or a credential parameter', () => {
    assert.equal(credential('https://auth.example.com/oauth/token', 'OAUTH_TOKEN_URL'), false);
    assert.equal(credential('https://vault.example.com:8200', 'VAULT_TOKEN_ENDPOINT'), false);
    assert.equal(classifyValue('postgres://app:s3cret-pw@db:5432/app', 'DATABASE_URL'), 'password-like');
    assert.equal(classifyValue('https://hooks.example.com/in?token=9f8e7d6c5b4a', 'WEBHOOK'), 'password-like');
    assert.equal(classifyValue('https://api.example.com/v1?api_key=9f8e7d6c5b4a', 'UPSTREAM'), 'password-like');
    // Near misses: a user name without a password, an ordinary query parameter.
    assert.equal(classifyValue('ssh://git@github.com/org/repo.git', 'REPO_URL'), 'other');
    assert.equal(classifyValue('https://example.com/search?page=2&sort=name', 'SEARCH_URL'), 'other');
  });

  test('a literal under a credential name still is one', () => {
    for (const [name, value] of [
      ['GITHUB_TOKEN', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
      ['API_TOKEN', 'abc123longrandom'],
      ['DB_PASSWORD', 'hunter2'],
      ['DB_PWD', 'hunter2'],
      ['CLIENT_SECRET', 'xyz-123'],
      // A relative path under a credential name (not a file or path name) is a value, as Kubescape C-0012 reads it.
      ['my_password', 'my/secret/file/path'],
      // A credential name holding something that is only shaped like a file name.
      ['API_TOKEN', 'token.txt'],
    ]) {
      assert.equal(classifyValue(value, name), 'password-like', `${name}=${value}`);
    }
  });

  test('a credential by its form is one under any name, a file name included', () => {
    assert.equal(classifyValue('AKIAABCDEFGHIJKLMNOP', 'API_TOKEN_FILE'), 'aws-access-key');
    assert.equal(classifyValue('eyJhbGciOiJI.eyJzdWIiOiIx.sig', 'TOKEN_PATH'), 'jwt');
    assert.equal(classifyValue('Bearer 9f8e7d6c5b4a39281706', 'AUTH_HEADER_FILE'), 'password-like');
  });

  test('an absolute path is no credential under any name (Kubescape C-0012 is_not_file_path)', () => {
    assert.equal(classifyValue('/run/secrets/db/password', 'DB_PASSWORD'), 'other');
    assert.equal(classifyValue('', 'DB_PASSWORD'), 'empty');
  });
});
