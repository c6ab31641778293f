/**
 * The storage port of devices: users' tracked devices, implemented in storage/sql/devices.ts.
 * Types only, no SQL: see docs/architecture.md, Storage.
 */
import type { Page, PageRequest, RowLock } from '../../storage/store.ts';

export type DeviceStatus = 'remembered' | 'not_remembered';

export interface DeviceRow {
  /** `<region>_<uuid>`. */
  deviceKey: string;
  poolId: string;
  userId: string;
  /** SRP's "pool name" for this device's SRP. */
  groupKey: string;
  /** The SRP verifier and salt ConfirmDevice gave (hex); null until confirmed. */
  verifier: string | null;
  salt: string | null;
  name: string | null;
  /** Null until confirmed. */
  status: DeviceStatus | null;
  lastAuthenticatedAt: number | null;
  lastIp: string | null;
  createdAt: number;
  modifiedAt: number;
  /** An unconfirmed device is forgotten after this (epoch ms); null once confirmed. */
  expiresAt: number | null;
}

/** What ConfirmDevice writes. */
export interface DeviceConfirmation {
  verifier: string;
  salt: string;
  name: string | null;
  status: DeviceStatus;
}

export interface DeviceRepo {
  /** Records a device just issued in NewDeviceMetadata, unconfirmed. */
  insertPending(device: DeviceRow): Promise<void>;
  get(deviceKey: string, lock?: RowLock): Promise<DeviceRow | undefined>;
  /**
   * Confirms the user's unconfirmed, unexpired device in one statement: true for the one caller
   * that found it unconfirmed.
   */
  confirm(deviceKey: string, userId: string, confirmation: DeviceConfirmation, now: number): Promise<boolean>;
  /** The user's confirmed devices, by device key. */
  listOf(userId: string, page: PageRequest): Promise<Page<DeviceRow>>;
  /** Sets a confirmed device's status; false when the user has no such confirmed device. */
  setStatus(deviceKey: string, userId: string, status: DeviceStatus, now: number): Promise<boolean>;
  /** Deletes the user's confirmed device; true when it was there. */
  delete(deviceKey: string, userId: string): Promise<boolean>;
  /** Records a sign-in of the confirmed device: when, and from which address; false when it is gone. */
  touch(deviceKey: string, now: number, ip: string | null): Promise<boolean>;
  /** Deletes unconfirmed devices expired at `now`. */
  purgeExpired(now: number): Promise<void>;
}
