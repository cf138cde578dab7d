/** H5: the browser downloads the temporary URL itself. */
export async function openFile(url: string): Promise<void> {
  window.open(url, '_blank')
}
