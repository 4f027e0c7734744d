import { describe, expect, it } from 'vitest';
import { LocalIdentityVerifier } from '../../shared/identity/identity-verifier';
import { checkCharacter, isWellFormedName, parseResidentId } from '../../shared/identity/resident-id';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts a number with the right check character and reads its birth date and sex', () => {
    // The standard's own worked example.
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(parseResidentId('11010519491231002x')).toEqual({
      number: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('names what is wrong', () => {
    expect(parseResidentId('1101051949123100')).toEqual({ problem: 'format' });
    expect(parseResidentId('99010519491231002X')).toEqual({ problem: 'region' });
    expect(parseResidentId('110105194902300026')).toEqual({ problem: 'birth-date' }); // 30 February
    expect(parseResidentId('110105194912310021')).toEqual({ problem: 'check-digit' });
  });

  it('refuses a birth date in the future', () => {
    const first17 = '44010620991231001';
    expect(parseResidentId(first17 + checkCharacter(first17), new Date('2026-11-23'))).toEqual({ problem: 'birth-date' });
  });

  it('checks the form of names as written on ID cards', () => {
    expect(isWellFormedName('李爱玲')).toBe(true);
    expect(isWellFormedName('阿依古丽·买买提')).toBe(true);
    expect(isWellFormedName('Chen Bo')).toBe(true);
    expect(isWellFormedName('X')).toBe(false);
    expect(isWellFormedName('Robert); DROP')).toBe(false);
  });

  it('gives the local verifier a field to blame', async () => {
    const verifier = new LocalIdentityVerifier();
    expect(await verifier.verify('李爱玲', '110105194912310021')).toMatchObject({ verified: false, field: 'body.idNumber' });
    expect(await verifier.verify('?', '11010519491231002X')).toMatchObject({ verified: false, field: 'body.name' });
    expect(await verifier.verify('李爱玲', '11010519491231002X')).toEqual({ verified: true, birthDate: '1949-12-31' });
  });
});
