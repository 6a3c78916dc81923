// Exports (CSV/XLSX): fetch with the session cookie, save the blob under the server's file name.
import { ref } from 'vue'
import { requestFile } from '@/api/http'
import { filenameFromDisposition, filenameFromPath } from '@/utils/download'
import { showError } from './useFormErrors'

/** Saves `blob` as `name` through a temporary link (the browser's download). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

export function useDownload() {
  /** The key of the download in progress ('' when idle), for button spinners. */
  const busy = ref('')

  /** Downloads `path`; returns the saved file name, or null after showing the error. */
  async function download(path: string, key: string = path): Promise<string | null> {
    busy.value = key
    try {
      const file = await requestFile(path)
      const name = filenameFromDisposition(file.disposition, filenameFromPath(path))
      saveBlob(file.blob, name)
      return name
    } catch (e) {
      showError(e)
      return null
    } finally {
      busy.value = ''
    }
  }

  return { busy, download }
}
