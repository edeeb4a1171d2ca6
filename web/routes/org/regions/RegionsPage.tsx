/** 行政区划: a lazily loaded tree of GB/T 2260 regions, and the selected region's details and units. */
import { useEffect, useRef, useState } from 'react'
import { Card, Col, Descriptions, Empty, Row, Skeleton, Table, Tag, Tree, Typography } from 'antd'
import type { DataNode, EventDataNode } from 'antd/es/tree'
import { Link } from 'react-router-dom'
import { regionChildren, UNIT_KIND_NAMES, useOrgSummary, useRegionChildren, useRegionDetail, useUnits, type Region, type Unit } from '../../../hooks/api/org'
import { PageHeader } from '../../../ui/PageHeader'

const LEVEL_NAMES: Record<number, string> = { 1: '省级', 2: '地市级', 3: '区县级', 4: '乡镇 / 街道', 5: '村 / 社区' }

const toNode = (r: Region): DataNode => ({ key: r.code, title: r.name, isLeaf: !r.hasChildren })

function findNode(nodes: DataNode[], key: string): DataNode | undefined {
  for (const n of nodes) {
    if (n.key === key) return n
    const c = n.children && findNode(n.children, key)
    if (c) return c
  }
  return undefined
}

function attach(nodes: DataNode[], key: string, children: DataNode[]): DataNode[] {
  return nodes.map((n) => (n.key === key ? { ...n, children, isLeaf: children.length === 0 } : n.children ? { ...n, children: attach(n.children, key, children) } : n))
}

export default function RegionsPage() {
  const summary = useOrgSummary()
  const roots = useRegionChildren(null)
  const [tree, setTree] = useState<DataNode[]>([])
  const [selected, setSelected] = useState<string | null>(null)
  const [expanded, setExpanded] = useState<React.Key[]>([])

  useEffect(() => {
    if (roots.data && tree.length === 0) setTree(roots.data.map(toNode))
  }, [roots.data, tree.length])
  useEffect(() => {
    if (!selected && summary.data?.city) setSelected(summary.data.city.code)
  }, [summary.data, selected])

  const treeRef = useRef(tree)
  treeRef.current = tree
  const detail = useRegionDetail(selected)
  const rootsReady = tree.length > 0

  // open the tree down to the selected region, loading the branches on the way
  useEffect(() => {
    if (!detail.data || !rootsReady) return
    const chain = [...detail.data.ancestors].sort((a, b) => a.level - b.level).map((a) => a.code)
    let live = true
    ;(async () => {
      for (const code of chain) {
        const node = findNode(treeRef.current, code)
        if (node && !node.children) {
          const items = await regionChildren(code)
          if (!live) return
          treeRef.current = attach(treeRef.current, code, items.map(toNode))
          setTree(treeRef.current)
        }
      }
      if (live) setExpanded((prev) => [...new Set([...prev.map(String), ...chain])])
    })().catch(() => undefined)
    return () => {
      live = false
    }
  }, [detail.data, rootsReady])
  const kids = useRegionChildren(selected, !!selected)
  const units = useUnits({ regionCode: selected ?? undefined, page: 1, pageSize: 10 }, !!selected)

  const loadData = async (node: EventDataNode<DataNode>) => {
    if (node.children) return
    const items = await regionChildren(String(node.key))
    setTree((t) => attach(t, String(node.key), items.map(toNode)))
  }

  return (
    <>
      <PageHeader title="行政区划" crumbs={['组织机构', '行政区划']} subtitle="按 GB/T 2260 编码的省、市、区县、乡镇街道、村社区五级区划；点击展开下级。" />
      <Row gutter={[12, 12]}>
        <Col xs={24} md={9} lg={7}>
          <Card size="small" title="区划树" styles={{ body: { maxHeight: 640, overflow: 'auto' } }}>
            {roots.isPending ? (
              <Skeleton active />
            ) : tree.length === 0 ? (
              <Empty description="暂无区划数据" />
            ) : (
              <Tree
                treeData={tree}
                loadData={loadData}
                selectedKeys={selected ? [selected] : []}
                expandedKeys={expanded}
                onExpand={setExpanded}
                onSelect={(keys) => keys[0] && setSelected(String(keys[0]))}
                showLine
                data-testid="region-tree"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={15} lg={17}>
          {!selected ? (
            <Card size="small">
              <Empty description="请在左侧选择行政区划" />
            </Card>
          ) : (
            <>
              <Card size="small" title="区划信息" style={{ marginBottom: 12 }} loading={detail.isPending}>
                {detail.data && (
                  <Descriptions
                    size="small"
                    bordered
                    column={{ xs: 1, sm: 2 }}
                    items={[
                      { key: 'n', label: '名称', children: <b>{detail.data.region.name}</b> },
                      { key: 'c', label: '区划代码', children: <span className="ow-mono">{detail.data.region.code}</span> },
                      { key: 'l', label: '层级', children: <Tag>{LEVEL_NAMES[detail.data.region.level] ?? detail.data.region.level}</Tag> },
                      {
                        key: 'p',
                        label: '上级区划',
                        children: detail.data.ancestors.length
                          ? [...detail.data.ancestors].sort((a, b) => a.level - b.level).map((a) => a.name).join(' / ')
                          : '—',
                      },
                    ]}
                  />
                )}
              </Card>
              <Card size="small" title={`下级区划（${kids.data?.length ?? 0}）`} style={{ marginBottom: 12 }}>
                <Table<Region>
                  size="small"
                  rowKey="code"
                  loading={kids.isFetching}
                  dataSource={kids.data ?? []}
                  pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
                  scroll={{ x: 'max-content' }}
                  locale={{ emptyText: '无下级区划' }}
                  onRow={(r) => ({ onClick: () => setSelected(r.code), style: { cursor: 'pointer' } })}
                  columns={[
                    { title: '区划代码', dataIndex: 'code', render: (c: string) => <span className="ow-mono">{c}</span> },
                    { title: '名称', dataIndex: 'name' },
                    { title: '层级', dataIndex: 'level', render: (l: number) => LEVEL_NAMES[l] ?? l },
                    { title: '有下级', dataIndex: 'hasChildren', render: (h: boolean) => (h ? '是' : '否') },
                  ]}
                />
              </Card>
              <Card
                size="small"
                title={`本区划内的机构（${units.data?.total ?? 0}）`}
                extra={<Link to="/org/units">全部机构</Link>}
              >
                <Table<Unit>
                  size="small"
                  rowKey="id"
                  loading={units.isFetching}
                  dataSource={units.data?.items ?? []}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  locale={{ emptyText: '本区划暂无机构' }}
                  columns={[
                    { title: '名称', dataIndex: 'name' },
                    { title: '类型', dataIndex: 'kind', render: (k: Unit['kind']) => UNIT_KIND_NAMES[k] },
                    { title: '区划', dataIndex: 'regionName' },
                    { title: '状态', dataIndex: 'status', render: (s: Unit['status']) => (s === 'active' ? '正常' : '已停用') },
                  ]}
                />
                {(units.data?.total ?? 0) > 10 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    仅显示前 10 条
                  </Typography.Text>
                )}
              </Card>
            </>
          )}
        </Col>
      </Row>
    </>
  )
}
