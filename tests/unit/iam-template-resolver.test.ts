import { describe, expect, it } from 'vitest';
import { ResolvedTemplate, UnresolvableError, type CfnTemplate } from '../support/iam/template-resolver.js';

/** The resolver behind the IAM contract test: intrinsics to the concrete values of account 111122223333, eu-west-1. */
const template: CfnTemplate = {
  Resources: {
    Table: { Type: 'AWS::DynamoDB::Table' },
    Queue: { Type: 'AWS::SQS::Queue' },
    Bucket: { Type: 'AWS::S3::Bucket' },
    Key: { Type: 'AWS::KMS::Key' },
    Logs: { Type: 'AWS::Logs::LogGroup' },
    Thing: { Type: 'AWS::Made::Up' },
  },
};
const r = new ResolvedTemplate(template, { names: { Table: 'stem-table' } });

describe('ResolvedTemplate', () => {
  it('resolves Ref and Fn::GetAtt to the formats each service documents', () => {
    expect(r.resolve({ Ref: 'Table' })).toBe('stem-table');
    expect(r.resolve({ 'Fn::GetAtt': ['Table', 'Arn'] })).toBe('arn:aws:dynamodb:eu-west-1:111122223333:table/stem-table');
    expect(r.resolve({ Ref: 'Queue' })).toMatch(/^https:\/\/sqs\.eu-west-1\.amazonaws\.com\/111122223333\/Stem-Queue-[0-9A-F]{12}$/);
    expect(r.resolve({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe(`arn:aws:sqs:eu-west-1:111122223333:${r.name('Queue')}`);
    expect(r.resolve({ Ref: 'Bucket' })).toMatch(/^stem-bucket-[0-9a-f]{12}$/);
    expect(r.resolve({ 'Fn::GetAtt': ['Key', 'Arn'] })).toBe(`arn:aws:kms:eu-west-1:111122223333:key/${String(r.resolve({ Ref: 'Key' }))}`);
    expect(r.resolve({ 'Fn::GetAtt': ['Logs', 'Arn'] })).toMatch(/^arn:aws:logs:eu-west-1:111122223333:log-group:Stem-Logs-[0-9A-F]{12}:\*$/);
  });

  it('resolves Fn::Join, Fn::Sub, Fn::Select, Fn::Split and the pseudo parameters, nested in objects and lists', () => {
    expect(r.resolve({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] })).toBe(
      'arn:aws:iam::111122223333:root',
    );
    expect(r.resolve({ 'Fn::Sub': 'dynamodb.${AWS::Region}.${AWS::URLSuffix}/${Table}/${Table.Arn}/${!Literal}' })).toBe(
      'dynamodb.eu-west-1.amazonaws.com/stem-table/arn:aws:dynamodb:eu-west-1:111122223333:table/stem-table/${Literal}',
    );
    expect(r.resolve({ 'Fn::Sub': ['${x}-${AWS::StackName}', { x: { Ref: 'Table' } }] })).toBe('stem-table-Stem');
    expect(r.resolve({ 'Fn::Select': [1, { 'Fn::Split': [':', 'a:b:c'] }] })).toBe('b');
    expect(r.resolve({ Statement: [{ Resource: [{ Ref: 'Table' }] }] })).toEqual({ Statement: [{ Resource: ['stem-table'] }] });
  });

  it('gives the same value every time (physical names derive from logical ids)', () => {
    const again = new ResolvedTemplate(template, { names: { Table: 'stem-table' } });
    expect(again.resolve({ Ref: 'Queue' })).toBe(r.resolve({ Ref: 'Queue' }));
    expect(again.resolve({ Ref: 'Key' })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('refuses what it does not know instead of guessing', () => {
    expect(() => r.resolve({ Ref: 'Missing' })).toThrow(UnresolvableError);
    expect(() => r.resolve({ Ref: 'Thing' })).toThrow(/Ref of AWS::Made::Up/);
    expect(() => r.resolve({ 'Fn::GetAtt': ['Table', 'StreamArn'] })).toThrow(UnresolvableError);
    expect(() => r.resolve({ 'Fn::ImportValue': 'x' })).toThrow(/not supported/);
    expect(() => r.resolve({ 'Fn::Select': [5, ['a']] })).toThrow(/out of range/);
  });
});
