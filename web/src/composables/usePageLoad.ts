// A page's data loaded with the refusal shown in place: `loading` while it runs, `loaded` once it has run (empty
// states wait for it), `error` the server's words (e.g. 403 for an account without a volunteer profile) — cleared
// by the next successful load. `fetch` stores what it got; a failed load keeps what the page had.
import { ref } from 'vue'
import { refusalText } from '@/utils/problem'
import { t } from '@/i18n'

export function usePageLoad(fetch: () => Promise<unknown>) {
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref('')

  async function load(): Promise<void> {
    loading.value = true
    try {
      await fetch()
      error.value = ''
    } catch (e) {
      error.value = refusalText(e, t('common.requestFailed'))
    } finally {
      loading.value = false
      loaded.value = true
    }
  }

  return { loading, loaded, error, load }
}
