// Generated from src/syntax/parser.ts by grammar/generate.ts (chevrotain generateCstDts). Do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface PactFileCstNode extends CstNode {
  name: "pactFile";
  children: PactFileCstChildren;
}

export type PactFileCstChildren = {
  declaration?: DeclarationCstNode[];
};

export interface DeclarationCstNode extends CstNode {
  name: "declaration";
  children: DeclarationCstChildren;
}

export type DeclarationCstChildren = {
  header?: HeaderCstNode[];
  useDecl?: UseDeclCstNode[];
  enumDecl?: EnumDeclCstNode[];
  inputDecl?: InputDeclCstNode[];
  dataDecl?: DataDeclCstNode[];
  letDecl?: LetDeclCstNode[];
  ruleDecl?: RuleDeclCstNode[];
  testDecl?: TestDeclCstNode[];
  propertyDecl?: PropertyDeclCstNode[];
  junk?: JunkCstNode[];
};

export interface JunkCstNode extends CstNode {
  name: "junk";
  children: JunkCstChildren;
}

export type JunkCstChildren = {
  AnyToken: (IToken)[];
  effect?: EffectCstNode[];
};

export interface HeaderCstNode extends CstNode {
  name: "header";
  children: HeaderCstChildren;
}

export type HeaderCstChildren = {
  Pact: IToken[];
  Identifier: IToken[];
  Version: IToken[];
  StringLiteral: IToken[];
};

export interface UseDeclCstNode extends CstNode {
  name: "useDecl";
  children: UseDeclCstChildren;
}

export type UseDeclCstChildren = {
  Use: IToken[];
  StringLiteral?: IToken[];
  Identifier?: IToken[];
  Dot?: IToken[];
  NameLike?: IToken[];
};

export interface EnumDeclCstNode extends CstNode {
  name: "enumDecl";
  children: EnumDeclCstChildren;
}

export type EnumDeclCstChildren = {
  Enum: IToken[];
  Identifier: IToken[];
  LCurly: IToken[];
  NameLike?: IToken[];
  fieldJunk?: FieldJunkCstNode[];
  Comma?: IToken[];
  RCurly: IToken[];
};

export interface InputDeclCstNode extends CstNode {
  name: "inputDecl";
  children: InputDeclCstChildren;
}

export type InputDeclCstChildren = {
  Input: IToken[];
  fieldBlock: FieldBlockCstNode[];
};

export interface DataDeclCstNode extends CstNode {
  name: "dataDecl";
  children: DataDeclCstChildren;
}

export type DataDeclCstChildren = {
  Data: IToken[];
  LCurly: IToken[];
  dataField?: DataFieldCstNode[];
  fieldJunk?: FieldJunkCstNode[];
  Comma?: IToken[];
  RCurly: IToken[];
};

export interface LetDeclCstNode extends CstNode {
  name: "letDecl";
  children: LetDeclCstChildren;
}

export type LetDeclCstChildren = {
  Let: IToken[];
  Identifier: IToken[];
  Equals: IToken[];
  expression: ExpressionCstNode[];
};

export interface FieldBlockCstNode extends CstNode {
  name: "fieldBlock";
  children: FieldBlockCstChildren;
}

export type FieldBlockCstChildren = {
  LCurly: IToken[];
  field?: FieldCstNode[];
  fieldJunk?: FieldJunkCstNode[];
  Comma?: IToken[];
  RCurly: IToken[];
};

export interface FieldJunkCstNode extends CstNode {
  name: "fieldJunk";
  children: FieldJunkCstChildren;
}

export type FieldJunkCstChildren = {
  AnyToken: (IToken)[];
};

export interface FieldCstNode extends CstNode {
  name: "field";
  children: FieldCstChildren;
}

export type FieldCstChildren = {
  NameLike: IToken[];
  Question?: IToken[];
  Colon: IToken[];
  typeExpr: TypeExprCstNode[];
  annotation?: AnnotationCstNode[];
};

export interface DataFieldCstNode extends CstNode {
  name: "dataField";
  children: DataFieldCstChildren;
}

export type DataFieldCstChildren = {
  NameLike: IToken[];
  Colon: IToken[];
  typeExpr: TypeExprCstNode[];
  annotation?: AnnotationCstNode[];
  Equals?: IToken[];
  literal?: LiteralCstNode[];
};

export interface TypeExprCstNode extends CstNode {
  name: "typeExpr";
  children: TypeExprCstChildren;
}

export type TypeExprCstChildren = {
  Identifier?: IToken[];
  Less?: IToken[];
  typeExpr?: TypeExprCstNode[];
  Greater?: IToken[];
  fieldBlock?: FieldBlockCstNode[];
};

export interface AnnotationCstNode extends CstNode {
  name: "annotation";
  children: AnnotationCstChildren;
}

export type AnnotationCstChildren = {
  At: IToken[];
  NameLike: IToken[];
  LParen?: IToken[];
  annotationArg?: AnnotationArgCstNode[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface AnnotationArgCstNode extends CstNode {
  name: "annotationArg";
  children: AnnotationArgCstChildren;
}

export type AnnotationArgCstChildren = {
  Identifier?: IToken[];
  Minus?: IToken[];
  NumberLiteral?: IToken[];
  DurationLiteral?: IToken[];
  True?: IToken[];
  False?: IToken[];
  StringLiteral?: IToken[];
};

export interface RuleDeclCstNode extends CstNode {
  name: "ruleDecl";
  children: RuleDeclCstChildren;
}

export type RuleDeclCstChildren = {
  effect: EffectCstNode[];
  Identifier: IToken[];
  To?: IToken[];
  StringLiteral?: (IToken)[];
  Comma?: IToken[];
  ruleClause?: RuleClauseCstNode[];
};

export interface EffectCstNode extends CstNode {
  name: "effect";
  children: EffectCstChildren;
}

export type EffectCstChildren = {
  Permit?: IToken[];
  Escalate?: IToken[];
  Forbid?: IToken[];
};

export interface RuleClauseCstNode extends CstNode {
  name: "ruleClause";
  children: RuleClauseCstChildren;
}

export type RuleClauseCstChildren = {
  When?: IToken[];
  expression?: (ExpressionCstNode)[];
  Unless?: IToken[];
  grant?: GrantCstNode[];
  Because?: IToken[];
  StringLiteral?: IToken[];
};

export interface GrantCstNode extends CstNode {
  name: "grant";
  children: GrantCstChildren;
}

export type GrantCstChildren = {
  Grant: IToken[];
  StringLiteral: (IToken)[];
  Scope: IToken[];
  Ttl: IToken[];
  DurationLiteral: IToken[];
};

export interface TestDeclCstNode extends CstNode {
  name: "testDecl";
  children: TestDeclCstChildren;
}

export type TestDeclCstChildren = {
  Test: IToken[];
  StringLiteral: IToken[];
  LCurly: IToken[];
  testItem?: TestItemCstNode[];
  RCurly: IToken[];
};

export interface TestItemCstNode extends CstNode {
  name: "testItem";
  children: TestItemCstChildren;
}

export type TestItemCstChildren = {
  Input?: IToken[];
  Equals?: (IToken)[];
  literal?: (LiteralCstNode)[];
  Data?: IToken[];
  expectClause?: ExpectClauseCstNode[];
};

export interface ExpectClauseCstNode extends CstNode {
  name: "expectClause";
  children: ExpectClauseCstChildren;
}

export type ExpectClauseCstChildren = {
  Expect: IToken[];
  effect: EffectCstNode[];
  By?: IToken[];
  Identifier?: (IToken)[];
  Comma?: IToken[];
};

export interface PropertyDeclCstNode extends CstNode {
  name: "propertyDecl";
  children: PropertyDeclCstChildren;
}

export type PropertyDeclCstChildren = {
  Property: IToken[];
  StringLiteral: IToken[];
  LCurly: IToken[];
  Given?: IToken[];
  expression?: ExpressionCstNode[];
  Expect: IToken[];
  effect: (EffectCstNode)[];
  Or?: IToken[];
  RCurly: IToken[];
};

export interface LiteralCstNode extends CstNode {
  name: "literal";
  children: LiteralCstChildren;
}

export type LiteralCstChildren = {
  StringLiteral?: IToken[];
  Minus?: IToken[];
  NumberLiteral?: IToken[];
  DurationLiteral?: IToken[];
  True?: IToken[];
  False?: IToken[];
  Identifier?: IToken[];
  arrayLiteral?: ArrayLiteralCstNode[];
  objectLiteral?: ObjectLiteralCstNode[];
};

export interface ArrayLiteralCstNode extends CstNode {
  name: "arrayLiteral";
  children: ArrayLiteralCstChildren;
}

export type ArrayLiteralCstChildren = {
  LBracket: IToken[];
  literal?: LiteralCstNode[];
  Comma?: IToken[];
  RBracket: IToken[];
};

export interface ObjectLiteralCstNode extends CstNode {
  name: "objectLiteral";
  children: ObjectLiteralCstChildren;
}

export type ObjectLiteralCstChildren = {
  LCurly: IToken[];
  objectEntry?: ObjectEntryCstNode[];
  Comma?: IToken[];
  RCurly: IToken[];
};

export interface ObjectEntryCstNode extends CstNode {
  name: "objectEntry";
  children: ObjectEntryCstChildren;
}

export type ObjectEntryCstChildren = {
  NameLike?: IToken[];
  StringLiteral?: IToken[];
  Colon: IToken[];
  literal: LiteralCstNode[];
};

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  unary: (UnaryCstNode)[];
  InfixOperator?: IToken[];
};

export interface CollectionCstNode extends CstNode {
  name: "collection";
  children: CollectionCstChildren;
}

export type CollectionCstChildren = {
  unary: (UnaryCstNode)[];
  Plus?: IToken[];
  Minus?: IToken[];
  Star?: IToken[];
  Slash?: IToken[];
};

export interface UnaryCstNode extends CstNode {
  name: "unary";
  children: UnaryCstChildren;
}

export type UnaryCstChildren = {
  PrefixOperator?: IToken[];
  primary: PrimaryCstNode[];
};

export interface PrimaryCstNode extends CstNode {
  name: "primary";
  children: PrimaryCstChildren;
}

export type PrimaryCstChildren = {
  NumberLiteral?: IToken[];
  DurationLiteral?: IToken[];
  StringLiteral?: IToken[];
  True?: IToken[];
  False?: IToken[];
  listExpr?: ListExprCstNode[];
  parenExpr?: ParenExprCstNode[];
  hasExpr?: HasExprCstNode[];
  quantifier?: QuantifierCstNode[];
  callExpr?: CallExprCstNode[];
  path?: PathCstNode[];
};

export interface ListExprCstNode extends CstNode {
  name: "listExpr";
  children: ListExprCstChildren;
}

export type ListExprCstChildren = {
  LBracket: IToken[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RBracket: IToken[];
};

export interface ParenExprCstNode extends CstNode {
  name: "parenExpr";
  children: ParenExprCstChildren;
}

export type ParenExprCstChildren = {
  LParen: IToken[];
  expression: ExpressionCstNode[];
  RParen: IToken[];
};

export interface HasExprCstNode extends CstNode {
  name: "hasExpr";
  children: HasExprCstChildren;
}

export type HasExprCstChildren = {
  Has: IToken[];
  path: PathCstNode[];
};

export interface QuantifierCstNode extends CstNode {
  name: "quantifier";
  children: QuantifierCstChildren;
}

export type QuantifierCstChildren = {
  All?: IToken[];
  Any?: IToken[];
  Identifier: IToken[];
  In: IToken[];
  collection: CollectionCstNode[];
  Colon: IToken[];
  expression: ExpressionCstNode[];
};

export interface CallExprCstNode extends CstNode {
  name: "callExpr";
  children: CallExprCstChildren;
}

export type CallExprCstChildren = {
  Identifier: IToken[];
  LParen: IToken[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface PathCstNode extends CstNode {
  name: "path";
  children: PathCstChildren;
}

export type PathCstChildren = {
  Identifier?: IToken[];
  Input?: IToken[];
  Data?: IToken[];
  Dot?: IToken[];
  NameLike?: IToken[];
};
