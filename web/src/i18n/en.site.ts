/** English texts of the public site: landing, pricing, legal pages. */
export const enSite = {
  'landing.eyebrow': 'Cloud development environments',
  'landing.title': 'VS Code in the browser for your whole team',
  'landing.subtitle':
    "Give every developer a ready-to-code workspace at your company's own subdomain, behind your own login. Idle workspaces stop by themselves, and invoices come in Turkish.",
  'landing.ctaTrial': 'Start your 14-day free trial',
  'landing.ctaPricing': 'See pricing',
  'landing.noCard': 'No credit card needed. Set up in two minutes.',
  'landing.featuresTitle': 'Everything a team needs to code from anywhere',
  'landing.featuresSubtitle':
    'One place to give, limit and take back development environments — without shipping laptops around.',
  'landing.f1Title': 'Full VS Code, in the browser',
  'landing.f1Body':
    'Real VS Code with extensions, a terminal and Git. Open it from any computer; nothing to install.',
  'landing.f2Title': "At your company's own subdomain",
  'landing.f2Body':
    'Your team works at yourcompany.youarecoder.com, and every workspace gets its own address under it.',
  'landing.f3Title': 'Behind your login',
  'landing.f3Body':
    'Only signed-in members of your company reach a workspace. Roles, sessions and an audit log keep access in check.',
  'landing.f4Title': 'Auto-stop for idle workspaces',
  'landing.f4Body':
    'Workspaces nobody uses stop on their own and start again in seconds. Files stay exactly where they were.',
  'landing.f5Title': 'Quotas per person',
  'landing.f5Body':
    'Decide how many workspaces each member may run, and see at a glance how much of your plan is handed out.',
  'landing.f6Title': 'Turkish invoices',
  'landing.f6Body':
    'Pay by card through PayTR in TRY, USD or EUR, and get proper invoices in Turkish for your accounting.',
  'landing.finalTitle': 'Ready when your team is',
  'landing.finalBody': 'Create your company, invite your developers, and have everyone coding today.',

  'pricing.title': 'Simple pricing',
  'pricing.subtitle': 'One plan for the whole company. Every plan starts with a 14-day free trial.',
  'pricing.period': 'Billing period',
  'pricing.monthly': 'Monthly',
  'pricing.annual': 'Annual — 2 months free',
  'pricing.perMonth': '/ month',
  'pricing.perYear': '/ year',
  'pricing.annualSaving': 'You save {amount} a year',
  'pricing.popular': 'Most popular',
  'pricing.workspaces': '{n} workspaces',
  'pricing.storage': '{size} disk per workspace',
  'pricing.compute': '{cpus} vCPU and {memory} memory per workspace',
  'pricing.idle': 'Idle timeout up to {time}',
  'pricing.sso': 'Single sign-on (OpenID Connect: Google, Entra ID, Okta…)',
  'pricing.currency': 'Currency',
  'pricing.plusVat': '+ {rate}% VAT (KDV)',
  'pricing.rates': 'Rates: TCMB ForexBuying, bulletin of {date}',
  'pricing.fallback': 'Exchange rates are not available right now, so prices are shown in US dollars.',
  'pricing.featureSubdomain': 'Your own company subdomain',
  'pricing.featureAutoStop': 'Auto-stop of idle workspaces',
  'pricing.featureInvoices': 'Invoices in Turkish',
  'pricing.cta': 'Start free trial',
  'pricing.trialNote': '14-day free trial on every plan, no card needed. An annual plan costs 10 months.',
  'pricing.currencyNote':
    "Pay by card in TRY, USD or EUR. TRY and EUR prices follow the Central Bank of the Republic of Türkiye's daily rate; invoices are issued in Turkish.",

  'legal.version': 'Version {version}',
  'legal.updated': 'Last updated {date}',
  'terms.title': 'Terms of Service',
  'terms.s1h': '1. The service',
  'terms.s1b':
    'YouAreCoder provides browser-based development workspaces for companies. These terms apply between YouAreCoder and the company that signs up (the "customer"). By creating an account you accept them on behalf of your company.',
  'terms.s2h': '2. Accounts and your team',
  'terms.s2b':
    'The owner of the company account decides who is invited and which role and workspace quota each member has. You keep passwords and API tokens secret and are responsible for what happens under your accounts.',
  'terms.s3h': '3. Trial, plans and payment',
  'terms.s3b':
    'Every company starts with a 14-day free trial without a card. Paid plans are billed monthly or yearly in advance through PayTR. Prices are listed in US dollars; payments in TRY or EUR use the Central Bank of the Republic of Türkiye daily rate at checkout. Invoices are issued in Turkish.',
  'terms.s4h': '4. Acceptable use',
  'terms.s4b':
    'Do not use workspaces for illegal content, attacks on other systems, spam, or cryptocurrency mining. We may stop a workspace that endangers the service or other customers and will tell you why.',
  'terms.s5h': '5. Your code and data',
  'terms.s5b':
    'Your code and files remain yours. We process them only to run the service. Idle workspaces may be stopped automatically; their files are kept. After an account is closed, data is deleted within 30 days.',
  'terms.s6h': '6. Availability and liability',
  'terms.s6b':
    'We work to keep the service available and your data safe, but the service is provided as is. Our liability is limited to the fees you paid in the 12 months before the claim.',
  'terms.s7h': '7. Ending the contract',
  'terms.s7b':
    'You can cancel at any time; the plan then runs until the end of the paid period. We may end the contract for serious breaches of these terms.',
  'terms.s8h': '8. Changes and law',
  'terms.s8b':
    'We announce changes to these terms by email at least 30 days in advance. These terms are governed by the laws of the Republic of Türkiye; the courts of Istanbul have jurisdiction.',

  'privacy.title': 'Privacy Notice',
  'privacy.s1h': 'What we collect',
  'privacy.s1b':
    'Account data (name, email address, company name, language), security records (sign-ins, IP addresses, browser details, audit events) and the files you keep in your workspaces.',
  'privacy.s2h': 'Why we use it',
  'privacy.s2b':
    'To provide and secure the service, to send account emails such as verification, invitations and password resets, and to bill your company. We do not sell personal data or use it for advertising.',
  'privacy.s3h': 'Payments',
  'privacy.s3b': 'Card payments are handled by PayTR. We never see or store full card numbers.',
  'privacy.s4h': 'How long we keep it',
  'privacy.s4b':
    'Account data for as long as the account exists; audit records for up to two years; invoices for as long as Turkish tax law requires.',
  'privacy.s5h': 'Your rights',
  'privacy.s5b':
    'Under the Turkish Personal Data Protection Law (KVKK) and the GDPR you may ask to see, correct, export or delete your personal data.',
  'privacy.s6h': 'Contact',
  'privacy.s6b': 'Write to privacy@youarecoder.com with any question about your data.',

  'contact.title': 'Contact us',
  'contact.intro': 'We usually answer within one business day, in English or Turkish.',
  'contact.salesTitle': 'Sales',
  'contact.salesBody': 'Questions about plans, larger teams or invoices.',
  'contact.supportTitle': 'Support',
  'contact.supportBody': 'Trouble with your account, workspaces or team.',
  'contact.privacyTitle': 'Privacy',
  'contact.privacyBody': 'Requests about your personal data.',
} as const;
