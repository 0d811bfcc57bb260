// The teaching tools' words in English and in the notes' Korean: headings, legends and the
// gates' roles (CS231n's distributor / router / switcher as note 002 writes them). Numbers
// never change with the language.
export const langs = ['en', 'ko'] as const;
export type Lang = (typeof langs)[number];

export interface Words {
  legendValue: string;
  legendGrad: string;
  legendLocal: string;
  backwardFrom: (root: string, value: string) => string;
  rule: (root: string) => string;
  upstream: string;
  constant: string;
  leafGradients: string;
  sumOverPaths: string;
  via: (name: string, input: number) => string;
  update: (lr: string) => string;
  updateNote: string;
  roles: Record<string, string>;
}

const en: Words = {
  legendValue: 'value (forward)',
  legendGrad: 'gradient (backward)',
  legendLocal: 'on edges: local gradient ∂out/∂in',
  backwardFrom: (root, value) => `backward from ${root} = ${value}, in reverse topological order`,
  rule: (root) => `(upstream × local = downstream; the upstream of ${root} itself is ∂${root}/∂${root} = 1)`,
  upstream: 'upstream',
  constant: 'a constant, no gradient',
  leafGradients: 'leaf gradients:',
  sumOverPaths: 'sum over paths',
  via: (name, input) => `via ${name}, input ${input}`,
  update: (lr) => `one gradient-descent step, λ = α = lr = ${lr} (W ← W − λ·∂J/∂W):`,
  updateNote: '(every parameter moves against its own gradient, computed before any of them moved)',
  roles: {},
};

const ko: Words = {
  legendValue: '값 (순전파)',
  legendGrad: '기울기 (역전파)',
  legendLocal: '간선: 국소 기울기 ∂출력/∂입력',
  backwardFrom: (root, value) => `${root} = ${value} 에서 시작하는 역전파 (위상 정렬의 역순)`,
  rule: (root) => `(상류 기울기 × 국소 기울기 = 하류 기울기; ${root} 자신의 상류 기울기는 ∂${root}/∂${root} = 1)`,
  upstream: '상류 기울기',
  constant: '상수, 기울기 없음',
  leafGradients: '잎 노드의 기울기:',
  sumOverPaths: '경로별 합',
  via: (name, input) => `${name} 경유, 입력 ${input}`,
  update: (lr) => `경사 하강 한 걸음, λ = α = 학습률 = ${lr} (W ← W − λ·∂J/∂W):`,
  updateNote: '(모든 파라미터가 움직이기 전에 계산한 자기 기울기의 반대 방향으로 움직인다)',
  roles: {
    add: 'add 게이트: gradient distributor — 상류 기울기를 모든 입력에 그대로 전달 (국소 기울기 1)',
    sub: 'sub 게이트: a 에는 +상류 기울기, b 에는 −상류 기울기',
    mul: 'mul 게이트: gradient switcher — 각 입력은 상류 기울기 × 다른 입력의 값',
    div: 'div 게이트: a 는 상류/b, b 는 −상류·a/b²',
    maximum: 'max 게이트: gradient router — 큰 쪽 입력에만 상류 기울기를 그대로 전달 (같으면 나눔)',
    minimum: 'min 게이트: 작은 쪽 입력에만 상류 기울기를 전달 (같으면 나눔)',
    sum: 'sum: 더한 모든 원소에 상류 기울기를 복사',
    mean: 'mean: 모든 원소에 상류 기울기를 원소 수로 나누어 복사',
    sigmoid: 'sigmoid 게이트: σ(1 − σ) 를 곱함 (최댓값 0.25), 저장한 출력에서 읽음',
    tanh: 'tanh 게이트: 1 − tanh² = (1 + tanh)(1 − tanh) 를 곱함 (최댓값 1)',
    relu: 'relu 게이트: 입력이 0 보다 크면 통과, 아니면 막음',
    exp: 'exp 게이트: 자기 출력 eˣ 를 곱함',
    log: 'log 게이트: 1/x 를 곱함',
    neg: 'neg 게이트: 부호를 바꿈 (×−1)',
    pow: 'pow 게이트: p·xᵖ⁻¹ 를 곱함',
    matmul: 'matmul: dA = 상류·Bᵀ, dB = Aᵀ·상류 (행렬의 mul switcher)',
    dense: 'dense y = a(x·Wᵀ + b): dZ = 상류 ⊙ a′, dX = dZ·W, dW = dZᵀ·X, db = Σ dZ',
  },
};

export function words(lang: Lang = 'en'): Words {
  return lang === 'ko' ? ko : en;
}

export function checkLang(command: string, lang: string): Lang {
  if (!(langs as readonly string[]).includes(lang)) {
    throw new RangeError(`${command}: expected --lang to be one of ${langs.join(', ')}, got '${lang}'`);
  }
  return lang as Lang;
}
