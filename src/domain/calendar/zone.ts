// An organisation's time zone for luxon, with its UTC offsets remembered. Luxon works out an IANA
// zone's offset with Intl's formatToParts on every new DateTime in it, some 6 to 10 microseconds each
// time, and a deadline or a card's times ask it several times; remembered by the minute (the tz
// database's changes of offset since 1970 fall on whole minutes), each is worked out once.
import { IANAZone } from 'luxon';

/** Minutes remembered before the memory starts again: a few weeks' worth of distinct minutes. */
const REMEMBERED = 50_000;
const MINUTE_MS = 60_000;

class RememberingZone extends IANAZone {
  private readonly offsets = new Map<number, number>();

  override offset(ts: number): number {
    // Before 1970 some zones changed offset at odd seconds (local mean time): not remembered.
    if (!(ts >= 0)) return super.offset(ts);
    const minute = Math.floor(ts / MINUTE_MS);
    let offset = this.offsets.get(minute);
    if (offset === undefined) {
      if (this.offsets.size >= REMEMBERED) this.offsets.clear();
      offset = super.offset(ts);
      this.offsets.set(minute, offset);
    }
    return offset;
  }
}

const zones = new Map<string, IANAZone>();

/** The zone of this name (an IANA name such as Europe/London), one per name in the process. */
export function zoneNamed(name: string): IANAZone {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = new RememberingZone(name);
    if (!zone.isValid) throw new Error(`'${name}' is not a time zone`);
    zones.set(name, zone);
  }
  return zone;
}
