import { View } from '@tarojs/components'
import { roleLabels, type Role } from '@shared/domain/org'
import { Tag } from '../nutui'
import './index.scss'

/** A member's roles in one org, in Chinese: 会员 as a soft label, offices (工会主席, 审核人, …) filled. */
export default function RoleTags({ roles }: { roles: readonly Role[] }) {
  if (roles.length === 0) return null
  return (
    <View className='role-tags'>
      {roles.map((role) => (
        <Tag key={role} className='role-tag' type='primary' plain={role === 'member'}>
          {roleLabels[role]}
        </Tag>
      ))}
    </View>
  )
}
