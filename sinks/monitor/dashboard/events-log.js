/* global document */
/**
 * The events log: the run's events (newest first, the last 300 kept) and the
 * connection's own notes (connected, lost, ended).
 */

const kept = 300

const shown = (value) => (typeof value === "number" && !Number.isInteger(value) ? String(Number(value.toPrecision(4))) : String(value))

const describe = (event) =>
  Object.entries(event)
    .filter(([key]) => key !== "kind")
    .map(([key, value]) => `${key} ${shown(value)}`)
    .join(", ")

export class EventsLog {
  constructor(list) {
    this.list = list
  }

  add(text, className) {
    const item = document.createElement("li")
    item.textContent = text
    item.className = className
    this.list.insertBefore(item, this.list.firstChild)
    while (this.list.children.length > kept) this.list.lastChild.remove()
  }

  /** An events message: one line per event, and a note of those the server left out. */
  addEvents(message) {
    for (const event of message.events) this.add(`cycle ${message.cycle}: ${event.kind}${Object.keys(event).length > 1 ? ` (${describe(event)})` : ""}`, event.kind)
    if (message.omitted > 0) this.add(`cycle ${message.cycle}: ${message.omitted} more events not sent`, "system")
  }

  note(text) {
    this.add(`${new Date().toLocaleTimeString()} ${text}`, "system")
  }
}
