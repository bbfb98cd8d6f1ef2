import { randomBytes } from 'node:crypto';
import type { Order, StoredCard } from './types.ts';

/** In-memory state of one simulator: orders, iframe tokens and stored cards. */
export class Store {
  readonly orders = new Map<string, Order>();
  private readonly tokens = new Map<string, string>();
  private readonly cards = new Map<string, StoredCard>();
  private readonly users = new Set<string>();

  /** Records a new order; the caller has checked that merchant_oid is unused. */
  add(order: Order): void {
    this.orders.set(order.merchantOid, order);
    if (order.token) this.tokens.set(order.token, order.merchantOid);
  }

  /** A fresh iframe token; long and random so it cannot be guessed, like PayTR's. */
  newToken(): string {
    return randomBytes(32).toString('hex');
  }

  /** The order an iframe token belongs to. */
  byToken(token: string): Order | undefined {
    const oid = this.tokens.get(token);
    return oid === undefined ? undefined : this.orders.get(oid);
  }

  /** Orders in the order they were created. */
  list(): Order[] {
    return [...this.orders.values()];
  }

  /** Whether a user token was ever issued (cards may all have been deleted since). */
  hasUser(utoken: string): boolean {
    return this.users.has(utoken);
  }

  /** Cards stored under a user token. */
  cardsOf(utoken: string): StoredCard[] {
    return [...this.cards.values()].filter((c) => c.utoken === utoken);
  }

  /** One stored card. */
  card(ctoken: string): StoredCard | undefined {
    return this.cards.get(ctoken);
  }

  /**
   * Stores a card under an existing user token, or a new one when none is given. Storing the same card again
   * for the same user returns the card already kept, as a wallet would.
   */
  storeCard(utoken: string | undefined, c: Omit<StoredCard, 'utoken' | 'ctoken' | 'decline'>): StoredCard {
    const user = utoken ?? randomBytes(16).toString('hex');
    this.users.add(user);
    const same = this.cardsOf(user).find(
      (x) => x.number === c.number && x.month === c.month && x.year === c.year,
    );
    if (same) return same;
    const card: StoredCard = { ...c, utoken: user, ctoken: randomBytes(16).toString('hex'), decline: false };
    this.cards.set(card.ctoken, card);
    return card;
  }

  /** Deletes a stored card; false when no such card belongs to that user. */
  deleteCard(utoken: string, ctoken: string): boolean {
    const card = this.cards.get(ctoken);
    if (!card || card.utoken !== utoken) return false;
    this.cards.delete(ctoken);
    return true;
  }

  /** Forgets everything. */
  clear(): void {
    this.orders.clear();
    this.tokens.clear();
    this.cards.clear();
    this.users.clear();
  }
}
