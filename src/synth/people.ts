/**
 * Synthetic applicants: names, resident ID numbers (GB 11643, valid check digit), unified social
 * credit codes (GB 32100, valid check character) and mobile numbers. All invented from a seeded
 * generator; none belongs to a real person or enterprise except by coincidence of the name.
 */
import { creditCodeCheckChar, idCheckDigit, orgCodeCheckChar } from '../shared/identity.js'
import type { Rng } from './prng.js'

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = '伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红鹏飞建国志文斌宇浩凯晨欣怡佳慧雪梅琳颖倩婷丹宁海峰波辉亮俊晓云龙东红燕琴蕾瑞鑫博天翔子涵雨轩'
const SHOP = ['德润', '鲁北', '鸿运', '恒信', '金穗', '华泰', '长河', '禹州', '齐鲁', '运河', '泰和', '丰源', '瑞祥', '新湖', '安德', '宏达', '德兴', '惠民', '百顺', '嘉禾', '众诚', '盛世', '天衢', '乐陵', '平原', '民安', '聚福', '兴业', '万通', '锦程']
const TRADE = ['食品', '商贸', '建筑工程', '餐饮管理', '物流', '农业科技', '机械制造', '纺织', '医药', '环保科技', '建材', '电子科技', '文化传媒', '物业服务', '汽车销售', '家政服务', '教育咨询', '化工', '新能源', '粮油']
const FORM = ['有限公司', '有限公司', '有限公司', '有限责任公司', '股份有限公司']
/** 德州市 counties and districts (GB/T 2260), the home regions of synthetic applicants */
const COUNTIES = ['371402', '371403', '371422', '371423', '371424', '371425', '371426', '371427', '371428', '371481', '371482']
const OC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'

export interface SynthApplicant {
  kind: 'person' | 'enterprise'
  name: string
  idNumber: string | null
  creditCode: string | null
  phone: string
}


/** 170/171 numbers (virtual operators), so no ordinary subscriber's number is imitated on purpose. */
function phone(rng: Rng): string {
  return `17${rng.int(0, 1)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`
}

export function synthPerson(rng: Rng): SynthApplicant {
  const given = rng.chance(0.7) ? rng.pick([...GIVEN]) + rng.pick([...GIVEN]) : rng.pick([...GIVEN])
  const name = rng.pick([...SURNAMES]) + given
  const y = rng.int(1950, 2004)
  const m = rng.int(1, 12)
  const d = rng.int(1, 28)
  const body = `${rng.pick(COUNTIES)}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(rng.int(0, 999)).padStart(3, '0')}`
  return { kind: 'person', name, idNumber: body + idCheckDigit(body), creditCode: null, phone: phone(rng) }
}

export function synthEnterprise(rng: Rng): SynthApplicant {
  const name = `德州市${rng.pick(SHOP)}${rng.pick(TRADE)}${rng.pick(FORM)}`
  // 9 1 (工商, 企业) + region + MA + 6 characters of the organisation code + its check character
  let oc = 'MA'
  for (let i = 0; i < 6; i++) oc += OC_CHARS[rng.int(0, 9 + (i > 1 ? 21 : 0))]!
  const body = `91${rng.pick(COUNTIES)}${oc}${orgCodeCheckChar(oc)}`
  return { kind: 'enterprise', name, idNumber: null, creditCode: body + creditCodeCheckChar(body), phone: phone(rng) }
}
