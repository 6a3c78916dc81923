// Asking before an action (撤回, 撤销, 取消报名…) in an ElMessageBox whose confirm button names the action.
import { ElMessageBox } from 'element-plus'
import { t } from '@/i18n'

export interface ConfirmOptions {
  /** The confirm button's text; the title by default. */
  confirmText?: string
  /** The box's icon: 'warning' by default. */
  type?: 'warning' | 'info' | ''
}

/** true once the user confirmed; false when they cancelled or closed the box. */
export async function confirmAction(message: string, title: string, options: ConfirmOptions = {}): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, {
      type: options.type ?? 'warning',
      confirmButtonText: options.confirmText ?? title,
      cancelButtonText: t('common.cancel'),
    })
    return true
  } catch {
    return false
  }
}
