/**
 * H5 only: the hidden `<input type="file">` with this id (created on first use, reused after), emptied so that
 * picking the same file again still fires `change`. WeChat has its own choosers (chooseMessageFile).
 */
export function hiddenFileInput(id: string, accept: string): HTMLInputElement {
  let input = document.getElementById(id) as HTMLInputElement | null
  if (!input) {
    input = document.createElement('input')
    input.type = 'file'
    input.id = id
    input.accept = accept
    input.style.display = 'none'
    document.body.appendChild(input)
  }
  input.value = ''
  return input
}
