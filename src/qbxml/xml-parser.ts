// A small non-validating XML parser for QuickBooks' answers. It accepts no DTD at all: a DOCTYPE
// (and so any entity declaration) is refused before anything is expanded, which makes billion-laughs
// and external-entity attacks impossible by construction. Only the five predefined entities and
// character references are decoded. Errors name the line and column.

export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  /** All character data directly inside the element, decoded and concatenated. */
  text: string
  /** Where the element starts ("<") and ends (after its closing ">") in the parsed document, when it was parsed. */
  start?: number
  end?: number
}

/** The element exactly as it was written in the document it was parsed from. */
export function sourceOf(document: string, element: XmlElement): string {
  if (element.start === undefined || element.end === undefined || element.end < element.start)
    throw new Error(`<${element.name}> was not parsed from a document`)
  return document.slice(element.start, element.end)
}

export class XmlParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`)
    this.name = 'XmlParseError'
  }
}

export interface ParseOptions {
  /** Deepest nesting accepted; qbXML answers are about 8 deep. */
  maxDepth?: number
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function isXmlChar(c: number): boolean {
  return (
    c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)
  )
}

/**
 * Character data with its references decoded: the five predefined entities and character
 * references, nothing else. `fail` gets what is wrong and where in `raw`; it must throw.
 */
function decodeReferences(raw: string, fail: (message: string, offset: number) => never): string {
  if (raw.indexOf('&') === -1) return raw
  let out = ''
  let last = 0
  for (let i = raw.indexOf('&'); i !== -1; i = raw.indexOf('&', last)) {
    out += raw.slice(last, i)
    const end = raw.indexOf(';', i)
    if (end === -1 || end - i > 12) fail('an "&" that does not start an entity or character reference', i)
    const name = raw.slice(i + 1, end)
    if (name.charCodeAt(0) === 35 /* # */) {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      if (!/^#(x[0-9a-fA-F]+|[0-9]+)$/.test(name) || !isXmlChar(code)) fail(`invalid character reference &${name};`, i)
      out += String.fromCodePoint(code)
    } else {
      const ch = PREDEFINED[name]
      if (ch === undefined) fail(`undefined entity &${name}; (documents with a DTD are not accepted)`, i)
      out += ch
    }
    last = end + 1
  }
  return out + raw.slice(last)
}

/** Element text as written (no markup), decoded; throws XmlParseError on a reference it does not accept. */
export function decodeXmlText(raw: string): string {
  return decodeReferences(raw, (message, offset) => {
    const before = raw.slice(0, offset)
    const line = before.split('\n').length
    throw new XmlParseError(message, line, offset - before.lastIndexOf('\n'))
  })
}

export function parseXml(xml: string, options: ParseOptions = {}): XmlElement {
  const maxDepth = options.maxDepth ?? 64
  let pos = xml.charCodeAt(0) === 0xfeff ? 1 : 0
  const length = xml.length

  const fail = (message: string, at = pos): never => {
    let line = 1
    let lineStart = 0
    for (let i = 0; i < at && i < length; i++) {
      if (xml.charCodeAt(i) === 10) {
        line++
        lineStart = i + 1
      }
    }
    throw new XmlParseError(message, line, at - lineStart + 1)
  }

  const decode = (raw: string, at: number): string => decodeReferences(raw, (message, offset) => fail(message, at + offset))

  const skipSpace = () => {
    while (pos < length) {
      const c = xml.charCodeAt(pos)
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break
      pos++
    }
  }

  const readName = (): string => {
    const start = pos
    while (pos < length) {
      const c = xml.charCodeAt(pos)
      // A name ends at space, "/", ">" or "=".
      if (c === 32 || c === 47 || c === 62 || c === 61 || c === 10 || c === 9 || c === 13) break
      pos++
    }
    if (pos === start) fail('a name was expected')
    return xml.slice(start, pos)
  }

  /** Comments, processing instructions and DOCTYPE outside or between elements. */
  const skipMarkup = (inContent: boolean): boolean => {
    if (xml.startsWith('<!--', pos)) {
      const end = xml.indexOf('-->', pos + 4)
      if (end === -1) fail('unterminated comment')
      pos = end + 3
      return true
    }
    if (xml.startsWith('<?', pos)) {
      const end = xml.indexOf('?>', pos + 2)
      if (end === -1) fail('unterminated processing instruction')
      const target = /^<\?([^\s?]+)/.exec(xml.slice(pos, end))?.[1] ?? ''
      if (target.toLowerCase() === 'xml') fail('an XML declaration is allowed only at the very start of the document')
      pos = end + 2
      return true
    }
    if (xml.startsWith('<!DOCTYPE', pos) || xml.startsWith('<!doctype', pos)) {
      fail('a DOCTYPE is not accepted: qbXML needs none, and entity declarations could expand without bound or read files')
    }
    if (inContent && xml.startsWith('<![CDATA[', pos)) return false
    if (xml.startsWith('<!', pos)) fail('unexpected markup declaration')
    return false
  }

  // Prolog: an optional XML declaration first, then comments, PIs and space.
  if (xml.startsWith('<?xml', pos) && /\s|\?/.test(xml[pos + 5] ?? '')) {
    const end = xml.indexOf('?>', pos)
    if (end === -1) fail('unterminated XML declaration')
    pos = end + 2
  }
  for (;;) {
    skipSpace()
    if (pos >= length) fail('the document has no root element')
    if (xml.charCodeAt(pos) !== 60) fail('text before the root element')
    if (!skipMarkup(false)) break
  }

  const stack: XmlElement[] = []
  let root: XmlElement | undefined

  while (pos < length) {
    if (!root) {
      openElement()
      continue
    }
    const lt = xml.indexOf('<', pos)
    if (stack.length === 0) {
      // After the root: only space and misc markup.
      skipSpace()
      if (pos >= length) break
      if (xml.charCodeAt(pos) !== 60 || !skipMarkup(false)) fail('content after the root element')
      continue
    }
    const current = stack[stack.length - 1]!
    if (lt === -1) fail(`<${current.name}> is not closed`, length)
    if (lt > pos) {
      const raw = xml.slice(pos, lt)
      if (raw.indexOf('>') !== -1 && raw.indexOf(']]>') !== -1) fail('"]]>" is not allowed in text')
      current.text += decode(raw, pos)
      pos = lt
    }
    const next = xml.charCodeAt(pos + 1)
    if (next === 47 /* / */) {
      const tagStart = pos
      pos += 2
      const name = readName()
      skipSpace()
      if (xml.charCodeAt(pos) !== 62) fail(`">" expected to end </${name}`)
      pos++
      if (name !== current.name) fail(`</${name}> does not close <${current.name}>`, tagStart)
      current.end = pos
      stack.pop()
      continue
    }
    if (next === 33 /* ! */ && xml.startsWith('<![CDATA[', pos)) {
      const end = xml.indexOf(']]>', pos + 9)
      if (end === -1) fail('unterminated CDATA section')
      current.text += xml.slice(pos + 9, end)
      pos = end + 3
      continue
    }
    if ((next === 33 || next === 63) /* ! ? */ && skipMarkup(true)) continue
    openElement()
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]!.name}> is not closed`, length)
  if (!root) fail('the document has no root element')
  return root!

  function openElement(): void {
    const start = pos
    pos++ // <
    const element: XmlElement = { name: readName(), attributes: {}, children: [], text: '', start, end: -1 }
    for (;;) {
      skipSpace()
      const c = xml.charCodeAt(pos)
      if (c === 62 /* > */) {
        pos++
        push(element, false)
        return
      }
      if (c === 47 /* / */) {
        if (xml.charCodeAt(pos + 1) !== 62) fail('">" expected after "/"')
        pos += 2
        element.end = pos
        push(element, true)
        return
      }
      if (pos >= length) fail(`<${element.name}> is not closed`)
      const attrName = readName()
      skipSpace()
      if (xml.charCodeAt(pos) !== 61) fail(`"=" expected after attribute ${attrName}`)
      pos++
      skipSpace()
      const quote = xml[pos]
      if (quote !== '"' && quote !== "'") fail(`attribute ${attrName} must be quoted`)
      const end = xml.indexOf(quote!, pos + 1)
      if (end === -1) fail(`unterminated value of attribute ${attrName}`)
      const raw = xml.slice(pos + 1, end)
      if (raw.indexOf('<') !== -1) fail(`"<" in the value of attribute ${attrName}`)
      if (attrName in element.attributes) fail(`attribute ${attrName} appears twice`)
      element.attributes[attrName] = decode(raw, pos + 1)
      pos = end + 1
    }
  }

  function push(element: XmlElement, selfClosing: boolean): void {
    const parent = stack[stack.length - 1]
    if (parent) parent.children.push(element)
    else if (root) fail('a second root element')
    else root = element
    if (!selfClosing) {
      if (stack.length >= maxDepth) fail(`elements nested deeper than ${maxDepth}`)
      stack.push(element)
    }
  }
}

/** The first child with this name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!element) return undefined
  for (const c of element.children) if (c.name === name) return c
  return undefined
}

/** The text of the first child with this name. */
export function childText(element: XmlElement | undefined, name: string): string | undefined {
  return child(element, name)?.text
}
