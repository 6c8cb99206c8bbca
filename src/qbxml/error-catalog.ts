// Every QuickBooks statusCode, HRESULT and Web Connector code the service knows (PROTOCOL.md §8),
// sorted into what to do about it, with a message for an office user, how to fix it and a help link.
//
// Categories:
//   informational      not an error (0, 1 no match, 500/530 warnings): carry on, log it.
//   transient          QuickBooks or the machine is busy or locked: retry later, up to a bound.
//   conflict           someone else changed the record (3200 stale EditSequence, 3100 name taken):
//                      resolved by asking QuickBooks first, never by overwriting.
//   needs-user-action  a person must fix data or settings in QuickBooks or in the source app.
//   fatal              the request itself was wrong (a defect on our side): not retried, reported
//                      with the request XML so it can be fixed.

export type ErrorCategory = 'informational' | 'transient' | 'conflict' | 'needs-user-action' | 'fatal'

export interface CatalogEntry {
  /** "3200", "0x80040400", "QBWC1012". */
  code: string
  category: ErrorCategory
  title: string
  /** Written for the person at the invoice screen. */
  message: string
  fix: string
  /** Path of this entry on the service's help page; prefix it with PUBLIC_URL. */
  helpPath: string
}

export interface FailingObject {
  kind: string
  name: string
}

export interface ErrorDescription extends CatalogEntry {
  /** QuickBooks' own words, kept for support. */
  quickBooksMessage: string
  /** The list entries QuickBooks named (e.g. the item that does not exist). */
  objects: FailingObject[]
  known: boolean
}

export const HELP_PAGE = '/help/quickbooks-errors'

type Entry = Omit<CatalogEntry, 'code' | 'helpPath'>

const contactSupport =
  'This is a problem in the request this service built, not in your data. Send the request id to support; the request is kept for them. Retrying will not help.'

const STATUS: Record<number, Entry> = {
  0: { category: 'informational', title: 'OK', message: 'QuickBooks accepted the request.', fix: 'Nothing to do.' },
  1: {
    category: 'informational',
    title: 'No match',
    message: 'QuickBooks found nothing matching the query.',
    fix: 'Nothing to do: an empty result is not an error.',
  },
  500: {
    category: 'informational',
    title: 'Partly found',
    message: 'QuickBooks found some, but not all, of the requested records.',
    fix: 'Nothing to do; the records that were found were processed.',
  },
  530: {
    category: 'informational',
    title: 'Field ignored',
    message: 'QuickBooks ignored a field this edition or version does not support.',
    fix: 'Check the connection’s QuickBooks edition and preferences if a value seems missing in QuickBooks.',
  },
  1000: {
    category: 'transient',
    title: 'QuickBooks internal error',
    message: 'QuickBooks had an internal error while saving.',
    fix: 'Nothing to do now: the change is retried in a later sync. If it keeps failing, restart QuickBooks on the Web Connector machine.',
  },
  1060: {
    category: 'fatal',
    title: 'Request id too long',
    message: 'QuickBooks refused the request id of a request.',
    fix: contactSupport,
  },
  3000: {
    category: 'needs-user-action',
    title: 'Unknown QuickBooks id',
    message: 'QuickBooks does not recognise the id of a record this change refers to; it may belong to another company file.',
    fix: 'Check that the connection points at the right company file, then Re-Sync. If the record was re-created in QuickBooks, map it again.',
  },
  3020: { category: 'fatal', title: 'Invalid date', message: 'QuickBooks could not read a date in the request.', fix: contactSupport },
  3040: { category: 'fatal', title: 'Invalid amount', message: 'QuickBooks could not read an amount in the request.', fix: contactSupport },
  3070: {
    category: 'fatal',
    title: 'Text too long',
    message: 'A text in the request is longer than QuickBooks allows.',
    fix: contactSupport,
  },
  3100: {
    category: 'conflict',
    title: 'Name already in use',
    message: 'A record with this name already exists in QuickBooks.',
    fix: 'Nothing to do: the service looks the existing record up and uses it. If it is a different customer or item with the same name, rename one of them.',
  },
  3120: {
    category: 'needs-user-action',
    title: 'Record not found in QuickBooks',
    message: 'QuickBooks cannot find the record this change refers to; it may have been deleted in QuickBooks.',
    fix: 'If the invoice was deleted in QuickBooks, Bypass this change or export the invoice again. If a customer or item was deleted, re-create it in QuickBooks and Re-Sync.',
  },
  3140: {
    category: 'needs-user-action',
    title: 'Missing list entry',
    message: 'The change refers to a customer, item, class, tax code or site that does not exist in QuickBooks.',
    fix: 'Create the named entry in QuickBooks (or correct the mapping in the source app), then Re-Sync.',
  },
  3150: {
    category: 'fatal',
    title: 'Missing required field',
    message: 'The request lacked a field QuickBooks requires.',
    fix: contactSupport,
  },
  3170: {
    category: 'needs-user-action',
    title: 'Could not modify',
    message: 'QuickBooks could not modify the record.',
    fix: 'Read QuickBooks’ message below. If the record is open in QuickBooks, close it and Re-Sync.',
  },
  3175: {
    category: 'transient',
    title: 'Record in use',
    message: 'The record is in use in QuickBooks (someone has it open).',
    fix: 'Nothing to do: the change is retried in a later sync. If it keeps failing, close the invoice in QuickBooks.',
  },
  3180: {
    category: 'needs-user-action',
    title: 'Could not save',
    message: 'QuickBooks could not save the change.',
    fix: 'Read QuickBooks’ message below: a closed period (closing date), an out-of-balance transaction or a locked list are the usual causes. Fix it in QuickBooks, then Re-Sync.',
  },
  3200: {
    category: 'conflict',
    title: 'Changed in QuickBooks',
    message: 'The invoice was changed in QuickBooks since it was last synced.',
    fix: 'Nothing to do when only the sequence moved: the service reads the invoice again and retries. If someone edited it in QuickBooks, compare the two versions and Re-Sync or Bypass.',
  },
  3210: {
    category: 'needs-user-action',
    title: 'Value refused',
    message: 'QuickBooks refused a value in this change.',
    fix: 'Read QuickBooks’ message below, correct the value on the invoice, then Re-Sync.',
  },
  3231: {
    category: 'transient',
    title: 'Not processed',
    message: 'QuickBooks did not process this request because an earlier one in the same batch failed.',
    fix: 'Nothing to do: it is sent again in the next sync.',
  },
  3250: {
    category: 'needs-user-action',
    title: 'Feature not enabled',
    message:
      'The change uses a QuickBooks feature that is off or not in this edition (for example inventory sites, classes or multicurrency).',
    fix: 'Turn the feature on in QuickBooks preferences, or remove the value from the invoice, then Re-Sync.',
  },
  3260: {
    category: 'needs-user-action',
    title: 'Not permitted',
    message: 'The QuickBooks user or this application lacks permission for this change.',
    fix: 'A QuickBooks administrator grants access in Edit > Preferences > Integrated Applications (and the user’s role), then Re-Sync.',
  },
  9001: {
    category: 'needs-user-action',
    title: 'Unconfirmed error',
    message: 'QuickBooks reported an error this service could not classify.',
    fix: 'Read QuickBooks’ message below and contact support if it is unclear.',
  },
}

const HRESULT: Record<string, Entry> = {
  '0x80040400': {
    category: 'fatal',
    title: 'Request not understood',
    message: 'QuickBooks could not read the request sent to it.',
    fix: contactSupport,
  },
  '0x80040401': {
    category: 'needs-user-action',
    title: 'Cannot reach QuickBooks',
    message: 'The Web Connector could not access QuickBooks.',
    fix: 'Check that QuickBooks is installed and opens on the Web Connector machine, then run the Web Connector again.',
  },
  '0x80040403': {
    category: 'needs-user-action',
    title: 'Cannot open the company file',
    message: 'QuickBooks could not open the company file.',
    fix: 'Check the company file path of the connection (or open the file in QuickBooks and leave the path empty), then run the Web Connector again.',
  },
  '0x80040408': {
    category: 'transient',
    title: 'QuickBooks did not start',
    message: 'QuickBooks could not be started on the Web Connector machine.',
    fix: 'Nothing to do if it happens once. If it repeats, start QuickBooks by hand, check that unattended access is allowed, and run the Web Connector again.',
  },
  '0x8004040A': {
    category: 'needs-user-action',
    title: 'Another company file is open',
    message: 'A different company file is open in QuickBooks.',
    fix: 'Close it (or open the right one) and run the Web Connector again.',
  },
  '0x8004040D': {
    category: 'transient',
    title: 'QuickBooks session expired',
    message: 'The QuickBooks session ended unexpectedly.',
    fix: 'Nothing to do: the next sync starts a new session.',
  },
  '0x80040410': {
    category: 'needs-user-action',
    title: 'Wrong file mode',
    message: 'The company file is open in single-user or multi-user mode other than the one needed.',
    fix: 'Switch the file mode in QuickBooks (File > Switch to ...) and run the Web Connector again.',
  },
  '0x80040414': {
    category: 'transient',
    title: 'A QuickBooks window is open',
    message: 'A dialog is open in QuickBooks and blocks the sync.',
    fix: 'Close the open dialog in QuickBooks; the next sync continues.',
  },
  '0x80040418': {
    category: 'needs-user-action',
    title: 'Application not authorised',
    message: 'This application is not authorised to use the company file.',
    fix: 'A QuickBooks administrator allows it in Edit > Preferences > Integrated Applications.',
  },
  '0x8004041A': {
    category: 'needs-user-action',
    title: 'Application not authorised',
    message: 'This application is not allowed to access the company file.',
    fix: 'A QuickBooks administrator allows it in Edit > Preferences > Integrated Applications.',
  },
  '0x8004041D': {
    category: 'needs-user-action',
    title: 'Unattended access not allowed',
    message: 'This application may not log in to QuickBooks automatically.',
    fix: 'In Edit > Preferences > Integrated Applications, allow it to log in automatically (“even if QuickBooks is not running”) and choose a login user.',
  },
  '0x80040420': {
    category: 'needs-user-action',
    title: 'Access denied',
    message: 'The QuickBooks user denied access to this application.',
    fix: 'Open the .qwc file in the Web Connector again as the QuickBooks Admin and grant access.',
  },
  '0x80040422': {
    category: 'transient',
    title: 'File shared by another application',
    message: 'Another application is using the company file.',
    fix: 'Nothing to do if it happens once; otherwise close the other application and run the Web Connector again.',
  },
  '0x80040424': {
    category: 'transient',
    title: 'QuickBooks still starting',
    message: 'QuickBooks had not finished starting.',
    fix: 'Nothing to do: the next sync continues.',
  },
}

const QBWC: Record<string, Entry> = {
  QBWC1012: {
    category: 'needs-user-action',
    title: 'Web Connector could not sign in',
    message: 'The Web Connector could not authenticate with this service.',
    fix: 'Check that the AppURL in the .qwc file is reachable from the QuickBooks machine over https and that the password typed in the Web Connector is the connection’s current one.',
  },
  QBWC1013: {
    category: 'transient',
    title: 'Connection to the service lost',
    message: 'The Web Connector lost its connection to this service during a sync.',
    fix: 'Nothing to do if it happens once: nothing is lost, and the next sync continues where this one stopped.',
  },
  QBWC1039: {
    category: 'needs-user-action',
    title: 'Connection already added',
    message: 'This company file already has an application with the same OwnerID and FileID.',
    fix: 'Remove the old entry in the Web Connector, or download a new .qwc file for this connection, then add it again.',
  },
  QBWC1048: {
    category: 'needs-user-action',
    title: 'Certificate not trusted',
    message: 'The Web Connector could not verify this service’s https certificate.',
    fix: 'Serve PUBLIC_URL with a certificate the Windows machine trusts.',
  },
  QBWC1085: {
    category: 'informational',
    title: 'Web Connector log not written',
    message: 'The Web Connector could not write its own log file.',
    fix: 'Nothing to do for syncing; check disk space or permissions on the QuickBooks machine.',
  },
}

/** 3170 and 3180 are retried when QuickBooks says the record was locked or being edited. */
const LOCKED = /\b(in use|locked|lock|modified by another user|being edited|another user)\b/i

function entry(code: string, e: Entry): CatalogEntry {
  return { code, ...e, helpPath: `${HELP_PAGE}#${code.toLowerCase()}` }
}

/** Every known code, for the help page and tests. */
export const catalog: CatalogEntry[] = [
  ...Object.entries(STATUS).map(([code, e]) => entry(code, e)),
  ...Object.entries(HRESULT).map(([code, e]) => entry(code, e)),
  ...Object.entries(QBWC).map(([code, e]) => entry(code, e)),
]

/** The list entries a QuickBooks message names, e.g. 'invalid reference to QuickBooks Item "Pipe"'. */
export function failingObjects(statusMessage: string): FailingObject[] {
  const objects: FailingObject[] = []
  for (const m of statusMessage.matchAll(/invalid reference to QuickBooks ([A-Za-z][A-Za-z ]*?) "([^"]*)"/g))
    objects.push({ kind: m[1]!, name: m[2]! })
  for (const m of statusMessage.matchAll(/Object "([^"]*)" specified in the request cannot be found/g))
    objects.push({ kind: 'Record', name: m[1]! })
  return objects
}

/** Describes a qbXML statusCode with QuickBooks' message. Unknown codes get a default by range. */
/** The message a person reads: the service's words, then QuickBooks' own when it gave any. */
export function withQuickBooksWords(error: Pick<ErrorDescription, 'message' | 'quickBooksMessage'>): string {
  return `${error.message}${error.quickBooksMessage ? ` QuickBooks said: ${error.quickBooksMessage}` : ''}`
}

export function describeStatus(statusCode: number, statusMessage = ''): ErrorDescription {
  const code = String(statusCode)
  let known = true
  let e = STATUS[statusCode]
  if (!e) {
    known = false
    e =
      statusCode < 1000
        ? {
            category: 'informational',
            title: statusCode < 500 ? 'Information' : 'Warning',
            message: 'QuickBooks processed the request with a remark.',
            fix: 'Nothing to do.',
          }
        : {
            category: 'needs-user-action',
            title: 'QuickBooks refused the change',
            message: 'QuickBooks refused the change.',
            fix: 'Read QuickBooks’ message below, correct what it names, then Re-Sync. Contact support if it is unclear.',
          }
  }
  if ((statusCode === 3170 || statusCode === 3180) && LOCKED.test(statusMessage)) {
    e = {
      ...e,
      category: 'transient',
      fix: 'Nothing to do: the record was locked or being edited in QuickBooks, and the change is retried in a later sync.',
    }
  }
  return { ...entry(code, e), quickBooksMessage: statusMessage, objects: failingObjects(statusMessage), known }
}

/** "0x80040400", "80040400", "-2147220480": the same HRESULT. */
export function normaliseHresult(hresult: string): string {
  const v = hresult.trim()
  let n: number
  if (/^0x[0-9a-f]{1,8}$/i.test(v) || /^[0-9a-f]{8}$/i.test(v)) n = parseInt(v.replace(/^0x/i, ''), 16)
  else if (/^-?\d+$/.test(v)) n = Number(v)
  else return v
  return `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, '0')}`
}

/** Describes an HRESULT the Web Connector passed to receiveResponseXML or connectionError. */
export function describeHresult(hresult: string, message = ''): ErrorDescription {
  const code = normaliseHresult(hresult)
  const e = HRESULT[code]
  if (e) return { ...entry(code, e), quickBooksMessage: message, objects: [], known: true }
  return {
    ...entry(code, {
      category: 'needs-user-action',
      title: 'QuickBooks could not be used',
      message: 'The Web Connector reported an error from QuickBooks.',
      fix: 'Read the message below; check that QuickBooks is running with the right company file, then run the Web Connector again.',
    }),
    quickBooksMessage: message,
    objects: [],
    known: false,
  }
}

/** Describes a Web Connector error code (QBWC1012 ...), as shown in its log and status column. */
export function describeQbwcCode(code: string, message = ''): ErrorDescription {
  const normalised = code.trim().toUpperCase()
  const e = QBWC[normalised]
  if (e) return { ...entry(normalised, e), quickBooksMessage: message, objects: [], known: true }
  return {
    ...entry(normalised, {
      category: 'needs-user-action',
      title: 'Web Connector error',
      message: 'The Web Connector reported an error.',
      fix: 'Read the message below and check the Web Connector’s log (QWCLog.txt).',
    }),
    quickBooksMessage: message,
    objects: [],
    known: false,
  }
}
