/** English texts of the seller's legal documents (issue 11) and of refund requests. */
export const enLegal = {
  'legal.seller.title': 'Seller',
  'legal.seller.name': 'Trade name',
  'legal.seller.address': 'Address',
  'legal.seller.tax': 'Tax office / number',
  'legal.seller.mersis': 'MERSIS number',
  'legal.seller.email': 'Email',
  'legal.seller.phone': 'Phone',
  'legal.seller.website': 'Website',
  'legal.seller.loading': 'Loading the seller’s details…',
  'legal.docs': 'Legal documents',
  'legal.otherLanguage': 'Türkçe',

  'legal.distance.title': 'Distance Sales Contract',
  'legal.distance.s1h': '1. Parties',
  'legal.distance.s1b':
    'This contract is made between the seller named above (the "Seller") and the company or person who buys a YouAreCoder subscription through the website (the "Buyer"), as identified by the billing details the Buyer enters before paying. The Buyer accepts it electronically at checkout; the Seller keeps a record of the acceptance (version, time, IP address, user and order).',
  'legal.distance.s2h': '2. Subject',
  'legal.distance.s2b':
    'The subject is the YouAreCoder service: browser-based development workspaces for the Buyer’s team, on the plan and for the period (monthly or annual) the Buyer chooses, with the limits of that plan published on the pricing page. The plan, period, price with KDV (VAT), currency and service period of each order are those shown in the Preliminary Information Form at checkout, which is part of this contract.',
  'legal.distance.s3h': '3. Price and payment',
  'legal.distance.s3b':
    'Prices are list prices in US dollars converted to Turkish lira or euro at the Central Bank of the Republic of Türkiye’s rate stored when the order is created; KDV (VAT) is added at the legal rate, except where the law exempts the Buyer. The total shown at checkout is final for that order. Payment is by card through PayTR Ödeme ve Elektronik Para Kuruluşu A.Ş.; the Seller never sees or stores card numbers. An invoice is issued when the payment is confirmed and emailed to the Buyer.',
  'legal.distance.s4h': '4. Performance (delivery)',
  'legal.distance.s4b':
    'The service is digital and is performed electronically, at once: as soon as PayTR confirms the payment the plan is active on the Buyer’s account and its workspaces can be used at the Buyer’s own address. Nothing is shipped and there is no delivery charge. The Delivery Terms give the details.',
  'legal.distance.s5h': '5. Renewal and cancellation',
  'legal.distance.s5b':
    'A subscription renews for the same period unless the Buyer cancels it; the Buyer is told the amount of each renewal 7, 3 and 1 days before it. Where the Buyer has chosen to store a card, the renewal is charged to it on the strength of the acceptance given at the first checkout. The Buyer can cancel at any time on the billing page; the service then runs to the end of the period already paid.',
  'legal.distance.s6h': '6. Right of withdrawal',
  'legal.distance.s6b':
    'A consumer has, under Law No. 6502 on the Protection of the Consumer and the Distance Contracts Regulation, 14 days to withdraw from a distance contract without giving reasons. Under Article 15 of the Regulation this right does not apply to services performed electronically at once, nor to services whose performance began with the consumer’s approval before the withdrawal period ended. By accepting this contract and paying, the Buyer asks for the service to start at once and acknowledges that the statutory right of withdrawal therefore ends when the service starts.',
  'legal.distance.s7h': '7. Refunds',
  'legal.distance.s7b':
    'Independently of the right of withdrawal, the Seller refunds under its Cancellation and Refund Policy: 100 % of every payment made within {fullDays} days of the Buyer’s first payment, and after that the unused whole days of the current period, pro rata. The policy is part of this contract.',
  'legal.distance.s8h': '8. Obligations of the parties',
  'legal.distance.s8b':
    'The Seller provides the service with reasonable care, keeps the Buyer’s data as described in the Privacy Notice and announces planned interruptions. The Buyer uses the service lawfully and according to the Terms of Service, keeps its credentials secret and keeps its billing details correct.',
  'legal.distance.s9h': '9. Disputes',
  'legal.distance.s9b':
    'Turkish law applies. A consumer may apply to the Consumer Arbitration Committee or the Consumer Court of their place of residence or of the place of the transaction, within the monetary limits announced each year by the Ministry of Trade. Questions and complaints can first be sent to the Seller at {email}.',
  'legal.distance.s10h': '10. Entry into force',
  'legal.distance.s10b':
    'The contract is concluded when the Buyer accepts it at checkout and the payment is confirmed, and is kept by the Seller. The Buyer can read it at any time at this address. Turkish and English texts are equivalent; in case of doubt the Turkish text prevails.',

  'legal.pre.title': 'Preliminary Information Form',
  'legal.pre.intro':
    'This form gives the information required by Article 5 of the Distance Contracts Regulation before the Buyer is bound by the Distance Sales Contract. At checkout it shows the order’s own facts below.',
  'legal.pre.order': 'Your order',
  'legal.pre.orderGeneric':
    'At checkout this part shows the plan, the period, the service dates, the net price, KDV and the total in the chosen currency of the order being paid.',
  'legal.pre.plan': 'Service',
  'legal.pre.planValue': 'YouAreCoder {plan} plan, {period}',
  'legal.pre.kind.subscribe': 'new subscription',
  'legal.pre.kind.renewal': 'renewal',
  'legal.pre.kind.upgrade': 'upgrade for the rest of the current period',
  'legal.pre.dates': 'Service period',
  'legal.pre.net': 'Price without KDV',
  'legal.pre.vat': 'KDV ({rate}%)',
  'legal.pre.total': 'Total to pay (KDV included)',
  'legal.pre.s1h': '1. Seller',
  'legal.pre.s1b':
    'The seller is the company named above; it can be reached by email at {email} and through the contact page.',
  'legal.pre.s2h': '2. Essential characteristics of the service',
  'legal.pre.s2b':
    'Browser-based VS Code workspaces for the Buyer’s team at the Buyer’s own subdomain, with the number of workspaces, CPU, memory, disk and idle timeout of the chosen plan as published on the pricing page.',
  'legal.pre.s3h': '3. Price, taxes and payment',
  'legal.pre.s3b':
    'The total shown above includes KDV (VAT) and all taxes; there are no delivery or other charges. Payment is by card through PayTR. The price is fixed for this order; renewals are charged at the price of their own time and announced before they are due.',
  'legal.pre.s4h': '4. Performance',
  'legal.pre.s4b':
    'The service is delivered electronically, at once, when the payment is confirmed (see the Delivery Terms). The contract runs for the period shown and renews unless cancelled.',
  'legal.pre.s5h': '5. Right of withdrawal and its exception',
  'legal.pre.s5b':
    'A consumer may withdraw from a distance contract within 14 days. This right does not apply to services performed electronically at once or begun with the consumer’s approval before the withdrawal period ends (Distance Contracts Regulation, Article 15). By asking for the service to start at once, the Buyer acknowledges that the right of withdrawal ends when the service starts. The Seller’s own Cancellation and Refund Policy still applies: 100 % within {fullDays} days of the first payment, pro rata after.',
  'legal.pre.s6h': '6. Complaints and disputes',
  'legal.pre.s6b':
    'Complaints can be sent to {email}. A consumer may apply to the Consumer Arbitration Committee or the Consumer Court within the limits announced each year by the Ministry of Trade.',

  'legal.refunds.title': 'Cancellation and Refund Policy',
  'legal.refunds.s1h': '1. Cancelling',
  'legal.refunds.s1b':
    'An owner or admin can cancel the subscription at any time on the billing page. The service then runs to the end of the period already paid and does not renew; data is kept until then.',
  'legal.refunds.s2h': '2. Full refund within {fullDays} days',
  'legal.refunds.s2b':
    'Within {fullDays} days (counted from the moment) of the company’s first payment, every payment made is refunded in full, for any reason.',
  'legal.refunds.s3h': '3. Pro-rata refund after that',
  'legal.refunds.s3b':
    'After {fullDays} days, a payment is refunded pro rata: the amount paid for the period (KDV included) × the unused whole days of that period ÷ the number of days in the period, rounded down to the kuruş or cent. Days are calendar days in Istanbul time; the day on which the refund is asked counts as used, because it has begun. Example: 1,198.80 TRY paid for a 30-day period, asked on its 21st day: 9 unused days, so 1,198.80 × 9 ÷ 30 = 359.64 TRY. A period paid in advance that has not begun is refunded in full; a period that is over gives nothing. An upgrade is reckoned from the moment it was paid.',
  'legal.refunds.s4h': '4. How to ask',
  'legal.refunds.s4b':
    'On the billing page, under the payment history, the owner or an admin sees what this policy gives for each payment now and can ask for it, with a reason if they wish. One request per payment can be open at a time. We answer within 14 days and email each step.',
  'legal.refunds.s5h': '5. How the money comes back',
  'legal.refunds.s5b':
    'Refunds go back through PayTR to the card the payment was made with, in the currency paid; a credit note is issued and emailed. Depending on the bank it can take a few business days to appear. Installment charges of a bank are not the Seller’s and are not refunded by it.',
  'legal.refunds.s6h': '6. Right of withdrawal',
  'legal.refunds.s6b':
    'The statutory right of withdrawal does not apply to a service performed electronically at once with the consumer’s approval (Distance Contracts Regulation, Article 15). This policy is the Seller’s voluntary commitment on top of the law and does not restrict any right a consumer has under Law No. 6502.',

  'legal.delivery.title': 'Delivery Terms',
  'legal.delivery.s1h': '1. What is delivered',
  'legal.delivery.s1b':
    'YouAreCoder is a digital service. Nothing physical is shipped, and there is no shipping or delivery charge.',
  'legal.delivery.s2h': '2. When',
  'legal.delivery.s2b':
    'At once: as soon as PayTR confirms the payment (usually within seconds), the plan is active on the account and its workspaces, limits and invoices are available. A trial is available at once after signup, without payment.',
  'legal.delivery.s3h': '3. Where',
  'legal.delivery.s3b':
    'In the browser, at the company’s own address on the website, to the members the owner invites. The confirmation and the invoice are sent by email to the owner and admins.',
  'legal.delivery.s4h': '4. If something goes wrong',
  'legal.delivery.s4b':
    'If a confirmed payment is not reflected on the account within an hour, write to {email}: we fix it or refund the payment in full. A payment that cannot be applied is refunded automatically.',

  'billing.refund.title': 'Refunds',
  'billing.refund.subtitle':
    'Our refund policy: 100 % within {fullDays} days of your first payment, then the unused whole days of the period.',
  'billing.refund.policyLink': 'Read the refund policy',
  'billing.refund.colPayment': 'Payment',
  'billing.refund.colOffer': 'What the policy gives now',
  'billing.refund.colRequest': 'Request',
  'billing.refund.offerFull': 'Full refund available: {amount}',
  'billing.refund.offerProRata': 'Pro-rata refund available: {amount} ({unused} of {days} days unused)',
  'billing.refund.offerNone': 'No refund under the policy',
  'billing.refund.ask': 'Ask for a refund',
  'billing.refund.askLabel': 'Ask for a refund of {what}',
  'billing.refund.dialogTitle': 'Ask for a refund',
  'billing.refund.dialogBody': 'Under the refund policy this payment gives {amount} now ({rule}).',
  'billing.refund.rule.full': 'full refund within {fullDays} days of the first payment',
  'billing.refund.rule.pro_rata': 'pro rata, {unused} of {days} days unused',
  'billing.refund.rule.proRataShort': 'pro rata on the unused whole days',
  'billing.refund.reason': 'Reason (optional)',
  'billing.refund.reasonHint': 'Helps us improve; it does not change the amount.',
  'billing.refund.submit': 'Send the request',
  'billing.refund.sent': 'Your refund request was sent. We answer within 14 days and email you.',
  'billing.refund.status.open': 'Refund requested',
  'billing.refund.status.approved': 'Refund approved',
  'billing.refund.status.declined': 'Refund declined',
  'billing.refund.requested': 'Requested {amount} on {date}',
  'billing.refund.declinedNote': 'Reason: {note}',
  'billing.refund.admin.request': 'Refund request: {amount} ({rule})',
  'billing.refund.admin.reason': 'Customer’s reason: {reason}',
  'billing.refund.admin.approve': 'Approve',
  'billing.refund.admin.approveLabel': 'Approve the refund request of {company} for {oid}',
  'billing.refund.admin.decline': 'Decline',
  'billing.refund.admin.declineLabel': 'Decline the refund request of {company} for {oid}',
  'billing.refund.admin.declineTitle': 'Decline the refund request',
  'billing.refund.admin.declineBody': '{company} asked for {amount}. The customer is emailed your note.',
  'billing.refund.admin.declineNote': 'Note to the customer',
  'billing.refund.admin.declined': 'The refund request of {company} was declined.',
  'billing.refund.admin.prefilled': 'Prefilled from the customer’s refund request ({rule}).',

  'checkout.legal.title': 'Preliminary information',
  'checkout.legal.accept':
    'I have read the {preInfo} and accept the {contract}; I ask for the service to start at once and acknowledge that the right of withdrawal ends when it starts.',
  'checkout.legal.preInfo': 'Preliminary Information Form',
  'checkout.legal.contract': 'Distance Sales Contract',
  'checkout.legal.refunds':
    'Refund policy: 100 % within {fullDays} days of your first payment, pro rata after.',
  'checkout.legal.continue': 'Continue to payment',
  'checkout.legal.required': 'Accept the contract and the form to continue.',
} as const;
