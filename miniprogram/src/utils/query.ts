/** A page's query value as typed: values arrive still encoded on both WeChat and H5; a malformed escape is kept. */
export function decodedParam(value: string | undefined): string {
  if (!value) return ''
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
