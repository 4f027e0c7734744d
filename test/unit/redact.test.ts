import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import { maskIdNumber, maskPhone, redactText, redactingReplacer } from '../../shared/privacy/redact';

describe('redaction', () => {
  it('masks ID numbers and mobile numbers wherever they appear in text', () => {
    const text = 'member 44010619900307123X called from 13812345678 (+8613912345678)';
    const redacted = redactText(text);
    expect(redacted).not.toMatch(/44010619900307123X|13812345678|13912345678/);
    expect(redacted).toContain('4401**********123X');
    expect(redacted).toContain('138****5678');
  });

  it('leaves ordinary numbers alone', () => {
    expect(redactText('order 12345, amount 29900 fen, at 1732300000000')).toBe('order 12345, amount 29900 fen, at 1732300000000');
  });

  it('masks sensitive fields by name whatever their shape', () => {
    expect(JSON.stringify({ phone: '555-0100', idNumber: 'AB123456' }, redactingReplacer)).not.toMatch(/555-0100|AB123456/);
  });

  it('gives the documented masked forms', () => {
    expect(maskIdNumber('44010619900307123X')).toBe('4401**********123X');
    expect(maskPhone('+86 13812345678')).toBe('138****5678');
  });

  it('keeps numbers out of a Powertools log line, nested and in errors', () => {
    const lines: string[] = [];
    const capture = (chunk: unknown) => (lines.push(String(chunk)), true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const logger = new Logger({ serviceName: 'test', jsonReplacerFn: redactingReplacer });
    logger.info('sign-up', { body: { name: 'Li', phone: '13812345678', nested: { note: 'ID 44010619900307123X' } } });
    logger.error('failed', new Error('duplicate id 44010619900307123X for 13812345678'));
    out.mockRestore();
    err.mockRestore();
    const output = lines.join('');
    expect(output).toContain('sign-up');
    expect(output).toContain('duplicate id 4401**********123X');
    expect(output).not.toMatch(/13812345678|44010619900307123X/);
  });
});
