
/** A valid standalone commitment from Kenya's national member; override what a test is about. */
export function validSubmission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'standalone',
    language: 'en',
    submitter: { name: 'Wanjiru Kamau', email: 'wanjiru.kamau@example.org', position: 'Director, Open Government Office' },
    member: { type: 'national', memberId: 'kenya' },
    government: { level: 'national', branch: 'executive' },
    leadInstitution: { name: 'Office of the Data Protection Commissioner', isPublic: true },
    partners: [{ name: 'Mzalendo Trust', kind: 'civil-society' }],
    title: 'Publish an open register of public algorithms',
    area: 'digital-governance',
    problem: 'Citizens cannot see which automated systems decide on public services.',
    statusQuo: 'No public inventory exists.',
    description: 'Create and publish a register of algorithms used by national agencies, with an oversight board.',
    values: ['transparency', 'public-accountability'],
    milestones: [
      { description: 'Publish the register schema after consultation', deliverable: 'Register schema', dueDate: '2027-06-30' },
      { description: 'Register 50 systems', deliverable: 'Public register', dueDate: '2028-03-31' },
    ],
    startDate: '2026-01-01',
    endDate: '2028-06-30',
    status: 'ongoing',
    coCreated: true,
    links: ['https://www.example.org/algorithm-register'],
    consentToPublish: true,
    ...overrides,
  };
}

export function validStory(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    language: 'fr',
    author: { name: 'Awa Diop', email: 'awa.diop@example.org', organisation: 'Réseau des jeunes citoyens' },
    place: 'Dakar, Sénégal',
    area: 'public-participation',
    title: 'Des budgets participatifs dans nos quartiers',
    story: 'Chaque quartier a voté pour ses priorités.\nLe conseil municipal a suivi.',
    links: ['https://www.example.org/budget-participatif'],
    consentToPublish: true,
    ...overrides,
  };
}
