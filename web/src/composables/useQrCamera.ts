// The phone camera as a QR scanner, where the browser can detect QR codes itself (Chromium's BarcodeDetector).
// Used by the organiser's attendance panel (the volunteer's pass) and the merchant's page (the electronic
// certificate). Without BarcodeDetector `supported` is false and the pages offer typing/pasting only.
import { nextTick, onBeforeUnmount, ref, useTemplateRef } from 'vue'
import { t } from '@/i18n'

interface DetectedCode {
  rawValue: string
}
interface QrDetector {
  detect(source: HTMLVideoElement): Promise<DetectedCode[]>
}
type DetectorCtor = new (options?: { formats: string[] }) => QrDetector

export interface QrCameraOptions {
  /** The token in a scanned text, or '' when the code is not one this page takes. */
  accept: (raw: string) => string
  /** Called with each accepted token (the same token again only after `repeatMs`). */
  onToken: (token: string) => void
  /** While true, frames are not read (e.g. a request for the last code is still running). */
  paused?: () => boolean
  /** The same code held in front of the camera is reported once per this many ms (default 10 s). */
  repeatMs?: number
}

export function useQrCamera(options: QrCameraOptions) {
  const Detector = (globalThis as { BarcodeDetector?: DetectorCtor }).BarcodeDetector
  const supported = !!Detector && typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia
  const on = ref(false)
  const error = ref('')
  /** The page's <video ref="qrVideo"> element. */
  const video = useTemplateRef<HTMLVideoElement>('qrVideo')
  let stream: MediaStream | null = null
  let timer: number | undefined
  let lastSeen = { token: '', at: 0 }
  const repeatMs = options.repeatMs ?? 10_000

  async function start() {
    if (!Detector) return
    error.value = ''
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      on.value = true
      await nextTick()
      if (!video.value) throw new Error('no video')
      video.value.srcObject = stream
      await video.value.play()
      const detector = new Detector({ formats: ['qr_code'] })
      let detecting = false
      timer = window.setInterval(async () => {
        if (detecting || options.paused?.() || !video.value || video.value.readyState < 2) return
        detecting = true
        try {
          const codes = await detector.detect(video.value)
          const token = codes.map((c) => options.accept(c.rawValue)).find((x) => !!x)
          // The same code stays in front of the camera for a while: report it once.
          if (token && (token !== lastSeen.token || Date.now() - lastSeen.at > repeatMs)) {
            lastSeen = { token, at: Date.now() }
            options.onToken(token)
          }
        } catch {
          // a frame that could not be read: try the next one
        } finally {
          detecting = false
        }
      }, 300)
    } catch (e) {
      stop()
      error.value = t('console.cameraError', { reason: e instanceof Error ? e.message : String(e) })
    }
  }

  function stop() {
    window.clearInterval(timer)
    timer = undefined
    stream?.getTracks().forEach((tr) => tr.stop())
    stream = null
    if (video.value) video.value.srcObject = null
    on.value = false
  }

  onBeforeUnmount(stop)

  return { supported, on, error, video, start, stop }
}
