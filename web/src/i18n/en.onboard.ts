/** English texts of the first steps: the dashboard, creating before verifying, the first invite. */
export const enOnboard = {
  'onboard.takeFromOwner': 'Take {n} from your own quota (you keep {left})',
  'onboard.takeFromOwnerHint':
    'All {limit} workspaces of the plan are yours since signup; the invitee gets part of them.',
  'onboard.takeFromTheOwner': "Take {n} from the owner's quota ({name} keeps {left})",
  'onboard.takeFromTheOwnerHint':
    "All {limit} workspaces of the plan went to the owner at signup; the invitee gets part of the owner's. The team's audit log records the move.",
  'onboard.verifyToCreate': 'Verify your email address to create more than one workspace.',
  'onboard.orderSummary': 'Order summary',
  'onboard.keepPlan': 'Keep {plan} after the trial',
  'onboard.addPayment': 'Add a payment method',
  'onboard.addPaymentNote':
    'Pay for {plan} now and keep the {days} days left of your trial: your first period runs until {date}. Until you pay, nothing is charged.',
} as const;
