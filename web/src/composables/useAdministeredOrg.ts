// The organisation an org-admin page is about (`/org/:orgId/...`): its record for the header, the caller's
// other organisations for the switcher, and a reload of the page's data whenever the organisation changes.
import { computed, onMounted, ref, watch } from 'vue'
import { useRouter, type RouteLocationRaw } from 'vue-router'
import { getOrganization } from '@/api/registry'
import type { Organization } from '@/api/types'
import { useSessionStore } from '@/stores/session'

export function useAdministeredOrg(
  orgId: () => number,
  pathFor: (id: number) => RouteLocationRaw,
  reload: () => unknown,
) {
  const router = useRouter()
  const session = useSessionStore()
  const org = ref<Organization | null>(null)

  async function loadOrg() {
    try {
      org.value = await getOrganization(orgId())
    } catch {
      org.value = null
    }
  }

  const otherOrgs = computed(() => session.adminOrganizations)
  function switchOrg(id: number) {
    if (id !== orgId()) void router.push(pathFor(id))
  }

  function refresh() {
    void loadOrg()
    void reload()
  }
  watch(orgId, refresh)
  onMounted(refresh)

  return { org, otherOrgs, switchOrg }
}
