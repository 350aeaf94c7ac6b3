import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { isImageEvidence } from '@shared/api/evidence'
import { toApiError, type ApiError } from '../../../services/api-client'
import { evidenceKindLabel, evidenceList, evidenceMeta, openEvidence, staleAfterMs, type EvidenceView } from '../../../services/evidence'
import './index.scss'

/**
 * 证明材料 for a reviewer: the files the union attached, read-only; a tap opens one (H5: a new tab; WeChat: downloaded
 * and shown with previewImage or openDocument).
 */
export default function EvidenceList({ applicationId }: { applicationId: string }) {
  const [files, setFiles] = useState<EvidenceView[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const loadedAt = useRef(0)

  const load = useCallback(async (): Promise<EvidenceView[] | null> => {
    try {
      const next = await evidenceList(applicationId)
      loadedAt.current = Date.now()
      setFiles(next)
      setError(null)
      return next
    } catch (caught) {
      setError(toApiError(caught))
      return null
    }
  }, [applicationId])

  useEffect(() => {
    void load()
  }, [load])

  async function open(file: EvidenceView) {
    try {
      if (Date.now() - loadedAt.current > staleAfterMs) {
        const fresh = (await load())?.find((f) => f.evidenceId === file.evidenceId)
        if (!fresh) return
        if (process.env.TARO_ENV === 'h5') {
          void Taro.showToast({ title: '链接已更新，请再点一次', icon: 'none' })
          return
        }
        await openEvidence(fresh)
        return
      }
      await openEvidence(file)
    } catch (caught) {
      setError(toApiError(caught))
    }
  }

  return (
    <View className='card review-evidence' data-count={files?.length ?? 0}>
      <Text className='card__title'>证明材料</Text>
      {files === null && !error ? <Text className='review-evidence__empty'>正在加载…</Text> : null}
      {files !== null && files.length === 0 ? <Text className='review-evidence__empty'>申报单位未上传证明材料</Text> : null}
      {(files ?? []).map((file) => (
        <View key={file.evidenceId} className='review-evidence__file' data-evidence-id={file.evidenceId} data-file-name={file.fileName} data-url={file.url} onClick={() => void open(file)}>
          <Text className={`review-evidence__kind${isImageEvidence(file.contentType) ? ' review-evidence__kind--image' : ''}`}>{evidenceKindLabel(file.contentType)}</Text>
          <View className='review-evidence__main'>
            <Text className='review-evidence__name'>{file.fileName}</Text>
            <Text className='review-evidence__meta'>{evidenceMeta(file)}</Text>
          </View>
          <Text className='review-evidence__open'>查看 ›</Text>
        </View>
      ))}
      {error ? (
        <View className='review-evidence__error' data-code={error.code}>
          <Text>{error.message}</Text>
        </View>
      ) : null}
    </View>
  )
}
