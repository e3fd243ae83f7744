import { describe, expect, it } from 'vitest';
import {
  DESIGNATION_LINK_DAYS,
  DESIGNATION_MAX_REMINDERS,
  linkExpiry,
  reminderDue,
  signDesignationLink,
  verifyDesignationLink,
  type Designation,
} from '../../shared/domain/designation.ts';
import { DESIGNATION_TEMPLATES } from '../../shared/mail/designation-templates.ts';
import { render } from '../../shared/mail/message.ts';

const key = Buffer.from('a-test-key-of-at-least-thirty-two-characters');
const reference = 'OGC-2026-11-0042';
const poc = 'poc.kenya@example.org';
const sentAt = new Date('2026-11-03T10:00:00Z');
const days = (n: number) => n * 24 * 60 * 60 * 1000;

describe('designation links', () => {
  const signature = signDesignationLink(reference, poc, key, linkExpiry(sentAt));

  it('hold for their address until they expire, then are expired (not invalid)', () => {
    expect(verifyDesignationLink(reference, signature, key, new Date(sentAt.getTime() + days(29)))).toEqual({
      valid: true,
      recipient: poc,
      expiresAt: new Date(sentAt.getTime() + days(DESIGNATION_LINK_DAYS)),
    });
    expect(verifyDesignationLink(reference, signature, key, new Date(sentAt.getTime() + days(DESIGNATION_LINK_DAYS)))).toEqual({ valid: false, problem: 'link_expired' });
  });

  it('are invalid when anything in them is changed: expiry, address, signature, reference, key', () => {
    const [expiry, recipient, mac] = signature.split('.') as [string, string, string];
    const now = new Date(sentAt.getTime() + days(1));
    const invalid = { valid: false, problem: 'link_invalid' };
    const later = String(Number(expiry) + days(60) / 1000);
    expect(verifyDesignationLink(reference, `${later}.${recipient}.${mac}`, key, now)).toEqual(invalid);
    expect(verifyDesignationLink(reference, `${expiry}.${Buffer.from('someone@example.org').toString('base64url')}.${mac}`, key, now)).toEqual(invalid);
    expect(verifyDesignationLink(reference, `${expiry}.${recipient}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`, key, now)).toEqual(invalid);
    // The same bytes in another spelling (the last character's spare bits) are another link: refused.
    const respelt = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
    expect(verifyDesignationLink(reference, `${expiry}.${recipient}.${respelt}`, key, now)).toEqual(invalid);
    expect(verifyDesignationLink('OGC-2026-11-0043', signature, key, now)).toEqual(invalid);
    expect(verifyDesignationLink(reference, signature, Buffer.from('another-key-of-at-least-thirty-two-characters'), now)).toEqual(invalid);
    // An expired link whose expiry was pushed back is tampered, not merely expired.
    expect(verifyDesignationLink(reference, `${later}.${recipient}.${mac}`, key, new Date(sentAt.getTime() + days(40)))).toEqual(invalid);
    for (const garbage of [undefined, '', 'abc', `${signature}.x`, `${expiry}.${recipient}`]) {
      expect(verifyDesignationLink(reference, garbage, key, now)).toEqual(invalid);
    }
  });
});

describe('designation reminders', () => {
  const asked: Designation = { requestedAt: sentAt.toISOString(), remindersSent: 0 };
  const at = (n: number) => new Date(sentAt.getTime() + days(n));

  it('fall due a week after the last email, a few times at most, never once confirmed', () => {
    expect(reminderDue(asked, at(6.9))).toBe(false);
    expect(reminderDue(asked, at(7))).toBe(true);
    const reminded = { ...asked, remindersSent: 1, lastRemindedAt: at(7).toISOString() };
    expect(reminderDue(reminded, at(13))).toBe(false);
    expect(reminderDue(reminded, at(14))).toBe(true);
    expect(reminderDue({ ...reminded, remindersSent: DESIGNATION_MAX_REMINDERS }, at(60))).toBe(false);
    expect(reminderDue({ ...asked, confirmed: { at: at(1).toISOString(), by: poc, via: 'link' } }, at(60))).toBe(false);
  });
});

describe('the designation request email', () => {
  const data = {
    reference,
    title: 'Open contracting <b>for all</b>',
    memberName: "Côte d'Ivoire",
    leadInstitution: 'Autorité nationale de régulation des marchés publics',
    areaName: 'Lutte contre la corruption',
    submitterName: 'Awa Koné',
    submitterPosition: 'Directrice',
    actionPlanId: 'CI-2024-2026',
    commitmentId: 'CI0012',
    confirmUrl: `http://localhost:3000/designation/${reference}#sig=abc`,
    expiresAt: '2026-12-03T10:00:00.000Z',
    reminder: 0,
  };

  it("is written in the POC's language, with the link's last day as people write dates there", () => {
    const compose = (language: 'en' | 'fr' | 'es', reminder = 0) =>
      render(DESIGNATION_TEMPLATES['designation-request'].compose({ ...data, reminder }, language), language);
    expect(compose('fr').subject).toBe(`Défi pour un gouvernement ouvert : merci de confirmer la désignation de ${reference}`);
    expect(compose('fr').text).toContain("jusqu'au 3 décembre 2026");
    expect(compose('es').text).toContain('hasta el 3 de diciembre de 2026');
    expect(compose('en').text).toContain('until 3 December 2026');
    expect(compose('es', 2).subject).toContain('recordatorio');
    expect(compose('en').html).toContain('Open contracting &lt;b&gt;for all&lt;/b&gt;');
    expect(compose('en').html).toContain(`href="http://localhost:3000/designation/${reference}#sig=abc"`);
  });
});
