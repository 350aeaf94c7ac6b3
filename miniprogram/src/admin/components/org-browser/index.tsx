import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { orgLevelLabels, type Org } from '@shared/domain/org'
import { toApiError, type ApiError } from '../../../services/api-client'
import { orgDetail } from '../../../services/orgs'
import { Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import './index.scss'

export interface BrowserAction {
  label: string
  onPress: () => void
}

interface OrgBrowserProps {
  /** Where browsing starts: the orgs the organiser may act on. */
  roots: readonly Org[]
  /** The button of one row, if it has one (移到这里, 选择…). */
  actionOf: (org: Org) => BrowserAction | null
}

/** A tree walked one level at a time: tap a row to go in, the trail at the top to go back up. */
export default function OrgBrowser({ roots, actionOf }: OrgBrowserProps) {
  const [trail, setTrail] = useState<Org[]>([])
  const [children, setChildren] = useState<Org[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const current = trail[trail.length - 1]

  const load = useCallback(
    async (org: Org | undefined) => {
      setError(null)
      if (!org) {
        setChildren([...roots])
        return
      }
      setChildren(null)
      try {
        setChildren((await orgDetail(org.orgId)).children)
      } catch (caught) {
        setError(toApiError(caught))
      }
    },
    [roots],
  )

  useEffect(() => {
    void load(current)
  }, [current, load])

  const currentAction = current ? actionOf(current) : null
  return (
    <View className='org-browser'>
      <View className='org-browser__trail'>
        <Text className={`org-browser__crumb${trail.length === 0 ? ' org-browser__crumb--here' : ''}`} onClick={() => setTrail([])}>
          全部
        </Text>
        {trail.map((org, index) => (
          <Text key={org.orgId} className={`org-browser__crumb${index === trail.length - 1 ? ' org-browser__crumb--here' : ''}`} onClick={() => setTrail(trail.slice(0, index + 1))}>
            {` › ${org.name}`}
          </Text>
        ))}
      </View>
      {current && currentAction ? (
        <View className='org-browser__row org-browser__row--current'>
          <Text className='org-browser__name'>{current.name}（当前）</Text>
          <View className='org-browser__action' onClick={currentAction.onPress}>
            <Text>{currentAction.label}</Text>
          </View>
        </View>
      ) : null}
      {error ? <ErrorState message={error.message} onRetry={() => void load(current)} /> : null}
      {!error && children === null ? <Skeleton rows={3} animated /> : null}
      {children?.length === 0 ? <Text className='org-browser__empty'>没有下级组织</Text> : null}
      {children?.map((org) => {
        const action = actionOf(org)
        return (
          <View key={org.orgId} className='org-browser__row' data-org={org.orgId}>
            <View className='org-browser__main' onClick={() => setTrail([...trail, org])}>
              <Text className='org-browser__name'>{org.name}</Text>
              <Text className='org-browser__level'>{orgLevelLabels[org.level]} ›</Text>
            </View>
            {action ? (
              <View className='org-browser__action' onClick={action.onPress}>
                <Text>{action.label}</Text>
              </View>
            ) : null}
          </View>
        )
      })}
    </View>
  )
}
